// The local Kafka broker's process: found by its pid file (or /proc), started detached, waited for
// until it answers, stopped with a controlled shutdown. A broker given in KAFKA_BROKERS that is not
// 127.0.0.1:KAFKA_PORT is external: only checked, never started or stopped.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ensureJava, ensureKafkaJars, formatStorageIfNeeded, javaArgs, writeKafkaConfig } = require('./broker-files');
const { kafkaApiVersions, kafkaReady, tcpReachable } = require('./probe');
const {
  cmdline,
  fileSize,
  fmtSecs,
  isAlive,
  isRunning,
  processCwd,
  readSince,
  realPath,
  sleep,
  tail,
} = require('./util');

const KAFKA_STARTED_RE = /Kafka Server started|started \(kafka\.server\.KafkaRaftServer\)/;

/** True if pid is alive and (where /proc is available) really is our broker JVM. */
function isOurKafka(pid, cfg) {
  if (!isAlive(pid)) return false;
  const args = cmdline(pid);
  if (args === null) return process.platform !== 'linux'; // cannot verify: trust the pid file
  // A zombie (exited, not yet reaped) has an empty cmdline.
  // Any version's config under this folder: a broker left running across a version bump is still ours;
  // compared by real path, so a broker started through a symlink to this folder is ours too.
  return (
    args.includes('kafka.Kafka') &&
    args.some(
      (a) => a.endsWith('server.properties') && (configPath(pid, a) ?? '').startsWith(`${cfg.infraDir}${path.sep}`),
    )
  );
}

/** A process's server.properties argument as a real path (a relative one from its cwd), or null if unknown. */
function configPath(pid, arg) {
  if (path.isAbsolute(arg)) return realPath(arg);
  const cwd = processCwd(pid);
  return cwd ? realPath(path.resolve(cwd, arg)) : null;
}

/** True if pid is some Kafka broker JVM, ours or not (unknown without /proc: assumed so, so nothing is deleted). */
function isKafkaBroker(pid) {
  if (!isAlive(pid)) return false;
  const args = cmdline(pid);
  return args === null || args.includes('kafka.Kafka');
}

function runsPinnedVersion(pid, cfg) {
  return (cmdline(pid) ?? []).some(
    (a) => a.endsWith('server.properties') && configPath(pid, a) === cfg.serverProperties,
  );
}

function readPid(cfg) {
  try {
    const pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function removePidFile(cfg) {
  fs.rmSync(cfg.pidFile, { force: true });
}

/**
 * Removes a pid file whose process is no broker at all. One naming a live broker that is not ours
 * stays: the file may be shared with whoever started it, and deleting it would lose their broker.
 */
function removeStalePidFile(cfg, filePid, log) {
  if (isKafkaBroker(filePid)) {
    log(
      `kafka: ${cfg.pidFile} names pid ${filePid}, a broker not started from ${cfg.infraDir}; leaving the file alone`,
    );
    return false;
  }
  log(`kafka: removing stale pid file (pid ${filePid} is not running Kafka)`);
  removePidFile(cfg);
  return true;
}

/** Our broker's pid: from the pid file, or (if that is missing/stale) found via /proc. */
function findKafkaPid(cfg) {
  const pid = readPid(cfg);
  if (pid && isOurKafka(pid, cfg)) return pid;
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const p = Number(entry);
      if (p !== process.pid && isOurKafka(p, cfg)) return p;
    }
  } catch {
    /* no /proc */
  }
  return null;
}

function startKafkaProcess(cfg) {
  fs.mkdirSync(cfg.logsDir, { recursive: true });
  const out = fs.openSync(cfg.stdoutLog, 'a');
  fs.writeSync(out, `\n===== ${new Date().toISOString()} starting Kafka ${cfg.version} =====\n`);
  const args = javaArgs(
    cfg,
    cfg.log4jProperties,
    'kafka.Kafka',
    [cfg.serverProperties],
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dkafka.logs.dir=${cfg.logsDir}`,
    ],
  );
  let child;
  try {
    child = spawn(cfg.java, args, { detached: true, stdio: ['ignore', out, out], cwd: cfg.infraDir });
  } finally {
    fs.closeSync(out);
  }
  if (!child.pid) throw new Error(`kafka: could not start ${cfg.java}`);
  child.on('error', () => {}); // reported through the readiness wait instead
  child.unref();
  fs.writeFileSync(cfg.pidFile, `${child.pid}\n`);
  return child.pid;
}

/** Waits until pid's broker answers on the port and (if logOffset given) server.log shows it started. */
async function waitForKafka(cfg, pid, { logOffset = null, log, timeoutMs = cfg.startTimeoutMs }) {
  const started = Date.now();
  let lastReport = started;
  let logSeen = logOffset === null;
  let portOk = false;
  while (Date.now() - started < timeoutMs) {
    if (!isRunning(pid)) {
      return { ok: false, reason: `the broker process (pid ${pid}) exited` };
    }
    if (!logSeen) logSeen = KAFKA_STARTED_RE.test(readSince(cfg.serverLog, logOffset));
    portOk = await kafkaApiVersions('127.0.0.1', cfg.kafkaPort);
    if (logSeen && portOk) return { ok: true, ms: Date.now() - started };
    if (Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      log(
        `kafka: waiting for broker (${fmtSecs(Date.now() - started)}; port ${portOk ? 'answers' : 'not answering yet'}, server.log ${logSeen ? 'says started' : 'not started yet'})`,
      );
    }
    await sleep(500);
  }
  return {
    ok: false,
    reason: `not ready after ${fmtSecs(timeoutMs)} (port ${portOk ? 'answers' : 'not answering'}, server.log ${logSeen ? 'says started' : 'has no "Kafka Server started" line'})`,
  };
}

function failureDetails(cfg, logOffset = null) {
  const parts = [];
  // Prefer what this start wrote; fall back to the end of the file.
  const fresh = logOffset === null ? '' : readSince(cfg.serverLog, logOffset).trimEnd();
  const serverTail = fresh ? fresh.split('\n').slice(-40).join('\n') : tail(cfg.serverLog, 40);
  if (serverTail) parts.push(`--- tail of ${cfg.serverLog} ---\n${serverTail}`);
  // kafka.out only holds what the JVM prints outside log4j (JVM errors, crashes); skip our own markers.
  const outTail = tail(cfg.stdoutLog, 15)
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('===== '))
    .join('\n');
  if (outTail) parts.push(`--- tail of ${cfg.stdoutLog} ---\n${outTail}`);
  return parts.join('\n');
}

/**
 * Makes the broker ready: an external one is only checked, a local one found running or started.
 * `own`: a broker that something else started on the port is refused (an error), not used.
 */
async function upKafka(cfg, log, { own = false } = {}) {
  if (cfg.kafkaExternal) {
    const list = cfg.brokers.map((b) => b.address).join(',');
    log(`kafka: KAFKA_BROKERS=${list} is external; checking it, not starting a local broker`);
    const ok = await kafkaReady(list);
    if (!ok) throw new Error(`kafka: external broker(s) ${list} not reachable (no ApiVersions answer)`);
    log(`kafka: external broker(s) ${list} reachable`);
    return { external: true, brokers: list };
  }

  const filePid = readPid(cfg);
  let pid = findKafkaPid(cfg);
  if (filePid && pid !== filePid) removeStalePidFile(cfg, filePid, log);
  if (pid && !runsPinnedVersion(pid, cfg)) {
    log(`kafka: the running broker (pid ${pid}) is not Kafka ${cfg.version}; restarting it`);
    await stopKafka(cfg, log);
    pid = null;
  }
  if (pid) {
    if (readPid(cfg) !== pid) fs.writeFileSync(cfg.pidFile, `${pid}\n`);
    if (await kafkaApiVersions('127.0.0.1', cfg.kafkaPort)) {
      log(`kafka: already running (pid ${pid}, ${cfg.localBroker})`);
      return { pid, broker: cfg.localBroker, alreadyRunning: true };
    }
    log(`kafka: process ${pid} exists but ${cfg.localBroker} does not answer yet; waiting`);
    const w = await waitForKafka(cfg, pid, { log });
    if (!w.ok) throw new Error(`kafka: ${w.reason}\n${failureDetails(cfg)}`);
    log(`kafka: ready (pid ${pid}, ${cfg.localBroker})`);
    return { pid, broker: cfg.localBroker, alreadyRunning: true };
  }

  // A broker this folder did not start (another checkout's, say) already serves the port: use it,
  // unless the caller wants a broker of its own (the test harness: it may stop what it starts, nothing else).
  if (await kafkaApiVersions('127.0.0.1', cfg.kafkaPort)) {
    if (own) {
      throw new Error(
        `kafka: a broker not started from ${cfg.infraDir} already answers on ${cfg.localBroker}; ` +
          'refusing to use it (a broker of its own was asked for): pick other ports (KAFKA_PORT / KAFKA_CONTROLLER_PORT)',
      );
    }
    log(`kafka: a broker not started from ${cfg.infraDir} already answers on ${cfg.localBroker}; using it`);
    return { broker: cfg.localBroker, alreadyRunning: true, foreign: true };
  }
  for (const port of [cfg.kafkaPort, cfg.controllerPort]) {
    if (await tcpReachable('127.0.0.1', port, 1000)) {
      throw new Error(
        `kafka: port ${port} on 127.0.0.1 is already in use by another process (not the broker of ${cfg.infraDir}); ` +
          'stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT',
      );
    }
  }

  const t0 = Date.now();
  await ensureJava(cfg);
  await ensureKafkaJars(cfg, log);
  writeKafkaConfig(cfg);
  await formatStorageIfNeeded(cfg, log);

  const logOffset = fileSize(cfg.serverLog);
  pid = startKafkaProcess(cfg);
  log(
    `kafka: started Kafka ${cfg.version} (pid ${pid}) on ${cfg.localBroker}, controller 127.0.0.1:${cfg.controllerPort}; waiting until ready (max ${fmtSecs(cfg.startTimeoutMs)})`,
  );
  const w = await waitForKafka(cfg, pid, { logOffset, log });
  if (!w.ok) {
    if (!isRunning(pid)) removePidFile(cfg);
    const still = isRunning(pid)
      ? `\nThe process (pid ${pid}) is still running; "node tools/infra/infra.js down" stops it.`
      : '';
    throw new Error(`kafka: broker did not become ready: ${w.reason}${still}\n${failureDetails(cfg, logOffset)}`);
  }
  log(
    `kafka: ready on ${cfg.localBroker} after ${fmtSecs(w.ms)} (total ${fmtSecs(Date.now() - t0)}; logs in ${cfg.logsDir})`,
  );
  return { pid, broker: cfg.localBroker, alreadyRunning: false };
}

/** Stops this folder's broker (SIGTERM, then SIGKILL after 30 s). */
async function stopKafka(cfg, log) {
  const filePid = readPid(cfg);
  const pid = findKafkaPid(cfg);
  if (!pid) {
    if (filePid) removeStalePidFile(cfg, filePid, log);
    else removePidFile(cfg); // none, or one naming no pid at all
    log('kafka: not running');
    return { stopped: false };
  }
  log(`kafka: stopping broker (pid ${pid}, controlled shutdown)...`);
  const started = Date.now();
  try {
    process.kill(pid, 'SIGTERM');
  } catch (e) {
    if (e.code !== 'ESRCH') throw e;
  }
  let killed = false;
  while (isOurKafka(pid, cfg)) {
    if (Date.now() - started > 30_000) {
      log('kafka: still running after 30s; sending SIGKILL');
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      killed = true;
      const k = Date.now();
      while (isOurKafka(pid, cfg) && Date.now() - k < 10_000) await sleep(200);
      break;
    }
    await sleep(250);
  }
  removePidFile(cfg);
  log(`kafka: stopped after ${fmtSecs(Date.now() - started)}${killed ? ' (killed)' : ''}`);
  return { stopped: true, killed };
}

/** One status line; resolves what `status` reports of Kafka. */
async function kafkaStatus(cfg, log) {
  if (cfg.kafkaExternal) {
    const list = cfg.brokers.map((b) => b.address).join(',');
    const ok = await kafkaReady(list);
    log(`kafka:    ${ok ? 'reachable' : 'NOT reachable'} external broker(s) ${list} (KAFKA_BROKERS)`);
    return { up: ok, external: true, brokers: list };
  }
  const pid = findKafkaPid(cfg);
  const answers = await kafkaApiVersions('127.0.0.1', cfg.kafkaPort);
  if (pid && answers) {
    log(
      `kafka:    running pid ${pid}, ${cfg.localBroker} (controller 127.0.0.1:${cfg.controllerPort}), Kafka ${cfg.version} KRaft, data ${cfg.dataDir}`,
    );
    return { up: true, pid, broker: cfg.localBroker, dataDir: cfg.dataDir, version: cfg.version };
  }
  if (pid) {
    log(
      `kafka:    not ready: pid ${pid} alive but ${cfg.localBroker} not answering (starting or stuck; see ${cfg.serverLog})`,
    );
    return { up: false, pid, broker: cfg.localBroker };
  }
  if (answers) {
    log(`kafka:    a broker answers on ${cfg.localBroker} but it was not started from ${cfg.infraDir}`);
    return { up: true, pid: null, broker: cfg.localBroker, foreign: true };
  }
  log(`kafka:    not running (${cfg.localBroker})`);
  return { up: false, broker: cfg.localBroker };
}

module.exports = {
  upKafka,
  stopKafka,
  kafkaStatus,
  findKafkaPid,
  readPid,
  isOurKafka,
  isKafkaBroker,
  runsPinnedVersion,
  waitForKafka,
};
