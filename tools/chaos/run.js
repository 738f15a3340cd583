#!/usr/bin/env node
/*
 * `npm run chaos`: the proof that the pipeline heals itself.
 *
 * Builds the tree into its own folder, starts its own Kafka broker (tools/infra with its own
 * INFRA_DIR and ports), its own database on the machine's Postgres and two replicas of every
 * service on 12-partition topics; runs a mixed, retrying client load (load.js) while it injects,
 * one after another, kill -9 of every replica (restarted), kill -9 of the broker (restarted), the
 * termination of every service connection to Postgres and one poison event (faults.js). Then it
 * stops the load, waits for quiescence and checks the invariants (checks.js).
 *
 * stdout: one JSON line per figure ({"chaos":"<figure>","ok":...}), then a summary. Exit 0 only
 * when every invariant held and every fault recovered; 1 when one did not; 2 when the run itself
 * could not be done. Whatever happens (Ctrl-C included), what it started is stopped and removed.
 *
 *   CHAOS_S=120 npm run chaos      a short run (the default is 600 s of load)
 *   knobs: CHAOS_SHOPPERS, CHAOS_TILLS, CHAOS_WARMUP_S, CHAOS_RESTART_DELAY_MS, CHAOS_QUIESCE_S,
 *          CHAOS_DIR (build, broker, logs; default $TMPDIR/omni-chaos), CHAOS_DATABASE (omni_chaos),
 *          CHAOS_BASE_PORT (3000: replicas on 3101-3104 and 3201-3204), CHAOS_KAFKA_PORT (19092),
 *          CHAOS_KEEP_DB=1 (keep the database for inspection), CHAOS_LOG_LEVEL (services', default warn)
 */
'use strict';

const path = require('node:path');
const Module = require('node:module');

// The build lives outside the repository; what the checks load from it resolves the repository's packages.
const NODE_MODULES = path.resolve(__dirname, '../../node_modules');
if (!(process.env.NODE_PATH ?? '').split(path.delimiter).includes(NODE_MODULES)) {
  process.env.NODE_PATH = [NODE_MODULES, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
  Module._initPaths();
}

const fs = require('node:fs');
const os = require('node:os');
const { build } = require('../build');
const { loadConfig } = require('./config');
const { Lifecycle, takeLock, sleep, log } = require('./lifecycle');
const { Broker } = require('./broker');
const { prepareDatabase, driverClient, connectionCount, SCHEMAS } = require('./database');
const { Cluster } = require('./cluster');
const { Api } = require('./client');
const { seed } = require('./seed');
const { LagWatch, PickupCodes, readDeadLetters } = require('./kafka');
const { Load } = require('./load');
const faults = require('./faults');
const { expectedConsumers } = require('./poison');
const checks = require('./checks');
const { Report } = require('./report');

/** Quiet: every outbox drained, every group caught up, every replica ready, twice in a row a second apart. */
async function quiesce(cfg, cluster, db, lag, lifecycle) {
  const started = Date.now();
  const deadline = started + cfg.quiesceSeconds * 1000;
  let streak = 0;
  let last = {};
  while (Date.now() < deadline && !lifecycle.aborted) {
    let unsent = null;
    try {
      const { rows } = await db.query(
        SCHEMAS.map((s) => `SELECT count(*)::int AS n FROM "${s}".outbox WHERE sent_at IS NULL`).join(' UNION ALL '),
      );
      unsent = rows.reduce((s, r) => s + r.n, 0);
    } catch (error) {
      unsent = `error: ${error.message}`;
    }
    const sample = await lag.sample();
    const ready = await cluster.readiness();
    const notReady = Object.entries(ready)
      .filter(([, s]) => s !== 200)
      .map(([name, s]) => `${name}:${s}`);
    last = { unsent, lag: sample.ok ? sample.total : (sample.error ?? 'unknown'), not_ready: notReady };
    streak = unsent === 0 && sample.ok && sample.total === 0 && !notReady.length ? streak + 1 : 0;
    if (streak >= 2) return { chaos: 'quiescence', ok: true, ms: Date.now() - started };
    await sleep(1000, lifecycle);
  }
  return { chaos: 'quiescence', ok: false, ms: Date.now() - started, last };
}

function loadFigure(load, api) {
  return {
    chaos: 'load',
    ok: true,
    by_kind: load.stats.byKind,
    attempts: api.attempts.length,
    failed_attempts: api.attempts.filter((a) => !a.ok).length,
  };
}

async function main() {
  const cfg = loadConfig();
  const lifecycle = new Lifecycle();
  lifecycle.installSignals(cfg.hardLimitMs);
  const report = new Report();
  const began = Date.now();
  let exitCode = 2;
  try {
    takeLock(lifecycle, cfg.lockFile);
    log(
      `CHAOS_S=${cfg.seconds}: ${cfg.shoppers} shoppers, ${cfg.tills} tills, staff at 4 locations; folder ${cfg.dir}, database ${cfg.database}, broker ${cfg.brokers}`,
    );
    // build() reports on stdout, which carries only figures here.
    const print = console.log;
    console.log = (...args) => log(args.join(' '));
    try {
      build(cfg.distDir);
    } finally {
      console.log = print;
    }
    lifecycle.onCleanup('build', () => fs.rmSync(cfg.distDir, { recursive: true, force: true }));
    fs.rmSync(cfg.logsDir, { recursive: true, force: true });
    fs.mkdirSync(cfg.logsDir, { recursive: true });

    const cluster = new Cluster(cfg, lifecycle);
    await cluster.assertPortsFree();
    const broker = new Broker(cfg, lifecycle);
    log('starting the broker (a fresh log)');
    await broker.start();
    lifecycle.check();
    await prepareDatabase(cfg, lifecycle);
    log(`starting ${cluster.replicas.length} replicas (logs in ${cfg.logsDir})`);
    await cluster.start();
    lifecycle.check();
    const db = await driverClient(cfg);
    lifecycle.onCleanup('driver session', () => db.end());
    const api = new Api(cluster, lifecycle, cfg.jwtSecret);
    log('seeding locations and stock');
    const seeded = await seed(api, db);
    log(
      `seeded ${seeded.receipts} stock receipts; new locations were refused by an inventory replica for ${seeded.locationsKnownAfterMs} ms`,
    );

    const codes = new PickupCodes(cfg, lifecycle);
    codes.start();
    lifecycle.onCleanup('pickup codes reader', () => codes.stop());
    const lag = new LagWatch(cfg, lifecycle);
    lag.start();
    lifecycle.onCleanup('lag watch', () => lag.stop());

    const load = new Load(cfg, api, codes, lifecycle);
    const loadStart = Date.now();
    load.start();
    lifecycle.onCleanup('load', () => load.stop());
    log(`load running; first fault after a ${cfg.warmupSeconds} s warm-up`);
    await sleep(cfg.warmupSeconds * 1000, lifecycle);
    const firstFault = Date.now();
    const schedule = faults.schedule(cluster);
    const records = await faults.inject({
      faults: schedule,
      cfg,
      broker,
      lifecycle,
      loadEndsAt: loadStart + cfg.seconds * 1000 - 5000,
    });
    while (Date.now() < loadStart + cfg.seconds * 1000 && !lifecycle.aborted) await sleep(500, lifecycle);
    lifecycle.check();
    log('stopping the load (requests in flight finish)');
    await load.stop();
    const loadSeconds = Math.round((Date.now() - loadStart) / 1000);
    const connections = await connectionCount(cfg).catch(() => null);

    log(`waiting for quiescence (at most ${cfg.quiesceSeconds} s)`);
    const quiet = await quiesce(cfg, cluster, db, lag, lifecycle);
    lifecycle.check();
    const finalSample = await lag.sample();
    const otherGroups = await lag.otherGroups().catch((error) => ({ error: error.message }));
    const ready = await cluster.readiness();
    await lag.stop();

    log('checking');
    const poison = records.find((r) => r.kind === 'poison')?.poison ?? null;
    const letters = await readDeadLetters(cfg, lifecycle).catch((error) => {
      log(`reading the DLQ failed: ${error.message}`);
      return null;
    });
    const threshold = faults.baselineLag(lag.samples, loadStart + 3000, firstFault);
    const [l1, l5, l15] = os.loadavg();
    report.emit({
      chaos: 'run',
      ok: true,
      duration_s: Math.round((Date.now() - began) / 1000),
      load_s: loadSeconds,
      faults: records.length,
      replicas: cluster.replicas.length,
      requests: api.requests.length,
      requests_retried: api.requests.filter((r) => r.attempts > 1).length,
      requests_given_up: api.requests.filter((r) => r.gaveUp).length,
      postgres_connections_at_end_of_load: connections,
      new_locations_refused_by_other_replica_ms: seeded.locationsKnownAfterMs,
      // Exits nobody asked for; each replica was started again, as a process manager would.
      replicas_exited_by_themselves: cluster.unexpectedExits,
      cpus: os.cpus().length,
      load_average: [l1, l5, l15].map((x) => Number(x.toFixed(2))),
    });
    report.emit(loadFigure(load, api));
    for (const f of faults.recovery(records, api.attempts, api.requests, lag.samples, {
      threshold,
      replicas: cfg.replicas,
    }))
      report.emit(f);
    report.emit(quiet);
    report.emit(await checks.lostEffects(db, load.acks));
    report.emit(await checks.doubledEffects(db, load.acks));
    report.emit(await checks.ledgerEqualsLevels(db));
    for (const f of await checks.reservedEqualsPromises(db, cfg.distDir)) report.emit(f);
    report.emit(await checks.oversold(db));
    report.emit(await checks.outboxes(db));
    report.emit(checks.consumerLag(finalSample));
    report.emit(checks.groupsStable(finalSample, cfg.replicas, otherGroups));
    report.emit(checks.readiness(ready));
    report.emit(await checks.stuckOrders(db));
    report.emit(await checks.statusAgreement(db));
    report.emit(
      letters
        ? checks.deadLetters(letters, poison, expectedConsumers(cfg.root))
        : { chaos: 'dead-letters', ok: false, error: 'the DLQ could not be read' },
    );
    report.summary();
    exitCode = report.failed.length ? 1 : 0;
  } catch (error) {
    log(`the run failed: ${error.stack ?? error.message}`);
    exitCode = lifecycle.aborted ? 130 : 2;
  } finally {
    log('cleaning up');
    await lifecycle.cleanup();
    log(`done in ${Math.round((Date.now() - began) / 1000)} s (exit ${exitCode})`);
  }
  process.exit(exitCode);
}

main();
