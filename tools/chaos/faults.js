// The faults, injected one after another while the load runs: kill -9 of every replica (restarted
// a few seconds later), kill -9 of the broker (restarted), every service connection to Postgres
// terminated, one poison event. Each gets a window of the run; afterwards its recovery is read
// from the client's attempts and the lag samples.
'use strict';

const { sleep, log } = require('./lifecycle');
const { terminateServiceConnections } = require('./database');
const { injectPoison } = require('./poison');
const { SERVICES } = require('./cluster');

function schedule(cluster) {
  const kill = (service, index) => {
    const replica = cluster.of(service).find((r) => r.index === index);
    return { name: `kill -9 ${replica.name}`, kind: 'replica', replica, services: [service], groups: [service] };
  };
  return [
    ...SERVICES.map((s) => kill(s, 1)),
    { name: 'kill -9 broker', kind: 'broker', services: SERVICES, groups: SERVICES },
    ...SERVICES.map((s) => kill(s, 2)),
    { name: 'terminate postgres connections', kind: 'postgres', services: SERVICES, groups: SERVICES },
    { name: 'poison event', kind: 'poison', services: SERVICES, groups: SERVICES },
  ];
}

/**
 * Runs the schedule; each fault's window is an equal share of the time left. A killed replica is
 * restarted in the background (the next fault may come while it starts), but the other replica of
 * a service is never killed before the first is back: a service is never down as a whole.
 */
async function inject({ faults, cfg, broker, lifecycle, loadEndsAt }) {
  const records = [];
  const restarting = new Map(); // service -> promise of its replica being ready again
  for (let i = 0; i < faults.length; i++) {
    lifecycle.check();
    const fault = faults[i];
    if (fault.kind === 'replica' && restarting.has(fault.replica.service)) {
      log(`waiting for ${fault.replica.service}'s other replica to be back before killing ${fault.replica.name}`);
      await restarting.get(fault.replica.service);
    }
    const windowMs = Math.max(0, (loadEndsAt - Date.now()) / (faults.length - i));
    const rec = {
      name: fault.name,
      kind: fault.kind,
      services: fault.services,
      groups: fault.groups,
      injectedAt: Date.now(),
    };
    records.push(rec);
    log(`fault ${i + 1}/${faults.length}: ${fault.name}`);
    try {
      if (fault.kind === 'replica') {
        await fault.replica.kill9();
        const back = (async () => {
          await sleep(cfg.restartDelayMs, lifecycle);
          rec.restartedAt = Date.now();
          fault.replica.spawn();
          rec.restart_ready_ms = await fault.replica.waitReady(180_000);
        })()
          .catch((error) => {
            rec.error = error.message;
            log(`fault ${fault.name}: ${error.message}`);
          })
          .finally(() => {
            rec.stepsDoneAt = Date.now();
            restarting.delete(fault.replica.service);
          });
        restarting.set(fault.replica.service, back);
      } else if (fault.kind === 'broker') {
        rec.pid = await broker.kill9();
        await sleep(cfg.restartDelayMs, lifecycle);
        rec.restartedAt = Date.now();
        await broker.up();
        rec.restart_ready_ms = Date.now() - rec.restartedAt;
      } else if (fault.kind === 'postgres') {
        rec.terminated = await terminateServiceConnections(cfg);
      } else if (fault.kind === 'poison') {
        rec.poison = await injectPoison(cfg);
      }
    } catch (error) {
      rec.error = error.message;
      log(`fault ${fault.name}: ${error.message}`);
    }
    if (fault.kind !== 'replica') rec.stepsDoneAt = Date.now();
    const until = rec.injectedAt + windowMs;
    while (Date.now() < until && !lifecycle.aborted) await sleep(Math.min(500, until - Date.now()), lifecycle);
    rec.windowEndAt = Date.now();
  }
  await Promise.all(restarting.values());
  return records;
}

/** The lag that is normal under this load: committed offsets trail the log end by up to a commit interval. */
function baselineLag(samples, from, to) {
  const inWarmup = samples.filter((s) => s.ok && s.t >= from && s.t < to).map((s) => s.total);
  return Math.max(5, ...inWarmup);
}

const healthy = (sample, groups, replicas) =>
  groups.every((g) => sample.groups[g]?.state === 'Stable' && sample.groups[g]?.members === replicas);
const lagOf = (sample, groups) => groups.reduce((s, g) => s + (sample.groups[g]?.lag ?? 0), 0);

/**
 * Per fault: service_available_ms (injection -> the first successful attempt on the services it
 * touched), requests_ok_ms (injection -> the first successful attempt after the last failed one:
 * every replica answers again), failed_attempts and requests given up in its window; lag_ok_ms
 * (injection -> the first sample, after the fault's steps and after the worst of its lag, with the
 * groups stable, every replica a member and lag back at baseline).
 */
function recovery(records, attempts, requests, samples, { threshold, replicas }) {
  const figures = records.map((rec) => {
    // The window is the fault's own time, or until its replica was back if that took longer.
    const end = Math.max(rec.windowEndAt, rec.stepsDoneAt ?? 0);
    const mine = attempts.filter((a) => rec.services.includes(a.service) && a.t >= rec.injectedAt);
    const inWindow = mine.filter((a) => a.t <= end);
    const failed = inWindow.filter((a) => !a.ok);
    let requestsOkMs = 0;
    if (failed.length) {
      const lastFail = failed[failed.length - 1].t;
      const recovered = mine.find((a) => a.ok && a.t > lastFail);
      requestsOkMs = recovered ? recovered.t - rec.injectedAt : null;
    }
    const firstAnswer = mine.find((a) => a.ok);
    const gaveUp = requests.filter(
      (r) => rec.services.includes(r.service) && r.t >= rec.injectedAt && r.t <= end && r.gaveUp,
    ).length;

    const after = samples.filter((s) => s.t >= rec.injectedAt);
    const inWin = after.filter((s) => s.t <= end);
    const lags = inWin.filter((s) => s.ok).map((s) => lagOf(s, rec.groups));
    const peak = lags.length ? Math.max(...lags) : null;
    const peakAt = inWin.find((s) => s.ok && lagOf(s, rec.groups) === peak)?.t ?? rec.injectedAt;
    const from = Math.max(rec.stepsDoneAt, peakAt);
    const settled = after.find(
      (s) => s.ok && s.t >= from && healthy(s, rec.groups, replicas) && lagOf(s, rec.groups) <= threshold,
    );
    return {
      chaos: 'recovery',
      fault: rec.name,
      ok: !rec.error && settled !== undefined && requestsOkMs !== null,
      ...(rec.error ? { error: rec.error } : {}),
      ...(rec.restart_ready_ms !== undefined ? { restart_ready_ms: rec.restart_ready_ms } : {}),
      ...(rec.terminated !== undefined ? { connections_terminated: rec.terminated } : {}),
      attempts_in_window: inWindow.length,
      // The service kept answering (the other replica, a retry) from here: availability as clients saw it.
      service_available_ms: firstAnswer ? firstAnswer.t - rec.injectedAt : null,
      requests_ok_ms: requestsOkMs,
      failed_attempts: failed.length,
      requests_given_up: gaveUp,
      lag_ok_ms: settled ? settled.t - rec.injectedAt : null,
      lag_peak: peak,
      lag_threshold: threshold,
      lag_unreadable_samples: inWin.filter((s) => !s.ok).length,
      window_ms: end - rec.injectedAt,
      settledAt: settled?.t ?? Infinity,
    };
  });
  // Another fault in flight before this one settled (or still settling when it came): its figures include that one's.
  return figures.map(({ settledAt, ...f }, i) => ({
    ...f,
    overlapped: records.some(
      (other, j) => j !== i && other.injectedAt < settledAt && figures[j].settledAt > records[i].injectedAt,
    ),
  }));
}

module.exports = { schedule, inject, recovery, baselineLag };
