#!/usr/bin/env node
/*
 * Local infrastructure for development and tests, without Docker.
 *
 *   node tools/infra/infra.js up       start Kafka (KRaft, single node), check/start Postgres
 *   node tools/infra/infra.js down     stop Kafka (Postgres belongs to the machine, left alone)
 *   node tools/infra/infra.js status   one line per component; exit 0 only if both are up
 *
 * Kafka is a real Apache Kafka broker (version pinned in tools/infra/kafka/pom.xml) whose
 * jars are fetched once from Maven Central with `mvn` and started with the machine's `java`.
 *
 * Everything lives under <repo>/.infra/ (or $INFRA_DIR):
 *   kafka-<version>/libs/                    broker + tools jars (Maven copy-dependencies)
 *   kafka-<version>/config/server.properties generated on every `up`
 *   kafka-<version>/config/log4j.properties  broker logging  -> logs/server.log
 *   kafka-<version>/config/tools-log4j.properties  logging for CLI tools (WARN to stderr)
 *   kafka-data/                              KRaft metadata + topic data (formatted once)
 *   logs/                                    server.log, controller.log, state-change.log, kafka.out
 *   kafka.pid                                pid of the broker JVM
 *
 * Environment:
 *   INFRA_DIR              cache/work folder (default <repo>/.infra)
 *   KAFKA_PORT             broker port (default 9092)
 *   KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
 *   KAFKA_BROKERS          if set to anything but 127.0.0.1|localhost:<KAFKA_PORT>, the broker is
 *                          treated as external: `up` only checks it is reachable, `down` does nothing
 *   KAFKA_START_TIMEOUT_MS how long `up` waits for the broker (default 90000)
 *   DATABASE_URL           Postgres (default postgres://postgres@127.0.0.1:5432/postgres)
 *   JAVA_HOME              if set, $JAVA_HOME/bin/java is used instead of `java` from PATH
 *
 * Programmatic use (e.g. from a Jest globalSetup):
 *   const infra = require('./tools/infra/infra');
 *   await infra.up();                 // throws if something could not be made ready
 *   await infra.kafkaReady();         // true if the broker answers a Kafka ApiVersions request
 *   await infra.postgresReady();      // true if Postgres accepts connections
 *
 * Plain CommonJS, Node >= 20 built-ins only.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn, execFile } = require('node:child_process');

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const POM = path.join(__dirname, 'kafka', 'pom.xml');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const KAFKA_STARTED_RE = /Kafka Server started|started \(kafka\.server\.KafkaRaftServer\)/;

function readKafkaVersion() {
  const pom = fs.readFileSync(POM, 'utf8');
  const m = pom.match(/<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/);
  if (!m) throw new Error(`cannot find <kafka.version> in ${POM}`);
  return m[1];
}

function intEnv(name, def) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** Resolved configuration; computed on each call so tests may change process.env. */
function config() {
  const version = readKafkaVersion();
  const infraDir = process.env.INFRA_DIR ? path.resolve(process.env.INFRA_DIR) : path.join(REPO_ROOT, '.infra');
  const kafkaHome = path.join(infraDir, `kafka-${version}`);
  const kafkaPort = intEnv('KAFKA_PORT', 9092);
  const controllerPort = intEnv('KAFKA_CONTROLLER_PORT', 9093);
  const localBroker = `127.0.0.1:${kafkaPort}`;
  const brokers = parseBrokers(process.env.KAFKA_BROKERS || localBroker);
  const external = !brokers.every((b) => LOOPBACK.has(b.host) && b.port === kafkaPort);
  const javaHome = process.env.JAVA_HOME;
  return {
    version,
    infraDir,
    kafkaHome,
    // KAFKA_JARS_DIR: another folder's downloaded jars (a second, throw-away broker need not fetch them again).
    libsDir: process.env.KAFKA_JARS_DIR ? path.resolve(process.env.KAFKA_JARS_DIR) : path.join(kafkaHome, 'libs'),
    configDir: path.join(kafkaHome, 'config'),
    serverProperties: path.join(kafkaHome, 'config', 'server.properties'),
    log4jProperties: path.join(kafkaHome, 'config', 'log4j.properties'),
    toolsLog4jProperties: path.join(kafkaHome, 'config', 'tools-log4j.properties'),
    dataDir: path.join(infraDir, 'kafka-data'),
    logsDir: path.join(infraDir, 'logs'),
    serverLog: path.join(infraDir, 'logs', 'server.log'),
    stdoutLog: path.join(infraDir, 'logs', 'kafka.out'),
    pidFile: path.join(infraDir, 'kafka.pid'),
    lockFile: path.join(infraDir, 'up.lock'),
    kafkaPort,
    controllerPort,
    localBroker,
    brokers,
    kafkaExternal: external,
    startTimeoutMs: intEnv('KAFKA_START_TIMEOUT_MS', 90_000),
    java: javaHome ? path.join(javaHome, 'bin', 'java') : 'java',
    databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  };
}

function parseBrokers(list) {
  return String(list)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const hp = s.replace(/^[a-z_]+:\/\//i, ''); // tolerate PLAINTEXT://host:port
      const m = hp.match(/^(\[[^\]]+\]|[^:]+):(\d+)$/);
      if (!m) throw new Error(`invalid broker address "${s}" (expected host:port)`);
      return { host: m[1], port: Number(m[2]), address: `${m[1]}:${m[2]}` };
    });
}

function parseDatabaseUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`invalid DATABASE_URL "${url}"`);
  }
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 5432);
  const user = decodeURIComponent(u.username || 'postgres');
  const database = decodeURIComponent(u.pathname.replace(/^\//, '') || user);
  return { host, port, user, database, local: LOOPBACK.has(host) && port === 5432, display: `${host}:${port}/${database} (user ${user})` };
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function defaultLog(msg) {
  console.log(`[infra] ${msg}`);
}

/** Runs a command, resolves { code, stdout, stderr } (code -1 with error if it could not start). */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024, ...opts }, (err, stdout, stderr) => {
      if (err && (err.code === 'ENOENT' || typeof err.code !== 'number')) {
        resolve({ code: typeof err.code === 'number' ? err.code : -1, stdout: String(stdout || ''), stderr: String(stderr || ''), error: err });
      } else {
        resolve({ code: err ? err.code : 0, stdout: String(stdout || ''), stderr: String(stderr || '') });
      }
    });
  });
}

/** Resolves true if a TCP connection to host:port succeeds within timeoutMs. */
function tcpReachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Sends a Kafka ApiVersions v0 request and resolves true if the broker answers with error_code 0.
 * This proves a Kafka broker (not just any TCP listener) is serving requests on host:port.
 */
function kafkaApiVersions(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const clientId = Buffer.from('infra-probe');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
    let o = 0;
    o = body.writeInt16BE(18, o); // api_key: ApiVersions
    o = body.writeInt16BE(0, o); // api_version 0
    o = body.writeInt32BE(0x1f2e3d4c, o); // correlation_id
    o = body.writeInt16BE(clientId.length, o);
    clientId.copy(body, o);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length, 0);

    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    let buf = Buffer.alloc(0);
    const done = (ok) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const len = buf.readInt32BE(0);
      if (buf.length < 4 + len) return;
      const ok = len >= 10 && buf.readInt32BE(4) === 0x1f2e3d4c && buf.readInt16BE(8) === 0 && buf.readInt32BE(10) > 0;
      done(ok);
    });
    socket.once('end', () => done(false));
  });
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Alive and not a zombie (an exited child of ours that is not reaped yet has an empty cmdline). */
function isRunning(pid) {
  if (!isAlive(pid)) return false;
  const args = cmdline(pid);
  return args === null || args.length > 0;
}

/** Command line of a process (Linux /proc), or null if unknown. */
function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** True if pid is alive and (where /proc is available) really is our broker JVM. */
function isOurKafka(pid, cfg) {
  if (!isAlive(pid)) return false;
  const args = cmdline(pid);
  if (args === null) return process.platform !== 'linux'; // cannot verify: trust the pid file
  // A zombie (exited, not yet reaped) has an empty cmdline.
  // Any version's config under this folder: a broker left running across a version bump is still ours.
  return args.includes('kafka.Kafka') && args.some((a) => a.startsWith(`${cfg.infraDir}${path.sep}`) && a.endsWith('server.properties'));
}

function runsPinnedVersion(pid, cfg) {
  return (cmdline(pid) ?? []).includes(cfg.serverProperties);
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

function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Text appended to `file` since byte `offset` (whole file if it was rotated/truncated). */
function readSince(file, offset) {
  try {
    const size = fs.statSync(file).size;
    const start = size < offset ? 0 : offset;
    if (size === start) return '';
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(size - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function tail(file, lines = 40) {
  try {
    const size = fs.statSync(file).size;
    const text = readSince(file, Math.max(0, size - 64 * 1024));
    return text.split('\n').slice(-lines - 1).join('\n').trimEnd();
  } catch {
    return '';
  }
}

function fmtSecs(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

// ---------------------------------------------------------------------------------------------
// Readiness probes (exported)
// ---------------------------------------------------------------------------------------------

/**
 * True if at least one of the brokers (default: KAFKA_BROKERS or 127.0.0.1:KAFKA_PORT) answers a
 * Kafka ApiVersions request.
 */
async function kafkaReady(brokers) {
  const list = brokers ? (Array.isArray(brokers) ? parseBrokers(brokers.join(',')) : parseBrokers(brokers)) : config().brokers;
  const results = await Promise.all(list.map((b) => kafkaApiVersions(b.host, b.port)));
  return results.some(Boolean);
}

let pgIsReadyAvailable; // cached: undefined = unknown
/** True if Postgres at `url` (default DATABASE_URL) accepts TCP connections and, if installed, pg_isready agrees. */
async function postgresReady(url) {
  const db = parseDatabaseUrl(url || config().databaseUrl);
  if (!(await tcpReachable(db.host, db.port))) return false;
  if (pgIsReadyAvailable === false) return true;
  const r = await run('pg_isready', ['-q', '-h', db.host, '-p', String(db.port), '-U', db.user, '-d', db.database, '-t', '3'], { timeout: 10_000 });
  if (r.error && r.error.code === 'ENOENT') {
    pgIsReadyAvailable = false;
    return true;
  }
  pgIsReadyAvailable = true;
  return r.code === 0;
}

// ---------------------------------------------------------------------------------------------
// Kafka: files, download, format, start, stop
// ---------------------------------------------------------------------------------------------

function propsEscape(value) {
  return String(value).replace(/\\/g, '\\\\');
}

function writeKafkaConfig(cfg) {
  fs.mkdirSync(cfg.configDir, { recursive: true });
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  fs.mkdirSync(cfg.logsDir, { recursive: true });

  const server = `# Generated by tools/infra/infra.js on every \`up\` -- edit the script, not this file.
# Single-node KRaft (no ZooKeeper): this process is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${cfg.controllerPort}
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:${cfg.kafkaPort},CONTROLLER://127.0.0.1:${cfg.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${cfg.kafkaPort}
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT

log.dirs=${propsEscape(cfg.dataDir)}
num.partitions=12
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
delete.topic.enable=true
# Tests need consumer groups to form immediately.
group.initial.rebalance.delay.ms=0

num.network.threads=3
num.io.threads=8
log.retention.hours=168
log.retention.check.interval.ms=300000
`;
  fs.writeFileSync(cfg.serverProperties, server);

  const logs = propsEscape(cfg.logsDir);
  const log4j = `# Generated by tools/infra/infra.js -- broker logging (log4j 1.x API via reload4j).
log4j.rootLogger=INFO, kafkaAppender

log4j.appender.kafkaAppender=org.apache.log4j.RollingFileAppender
log4j.appender.kafkaAppender.File=${logs}/server.log
log4j.appender.kafkaAppender.MaxFileSize=50MB
log4j.appender.kafkaAppender.MaxBackupIndex=3
log4j.appender.kafkaAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.kafkaAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.appender.controllerAppender=org.apache.log4j.RollingFileAppender
log4j.appender.controllerAppender.File=${logs}/controller.log
log4j.appender.controllerAppender.MaxFileSize=20MB
log4j.appender.controllerAppender.MaxBackupIndex=2
log4j.appender.controllerAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.controllerAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.appender.stateChangeAppender=org.apache.log4j.RollingFileAppender
log4j.appender.stateChangeAppender.File=${logs}/state-change.log
log4j.appender.stateChangeAppender.MaxFileSize=20MB
log4j.appender.stateChangeAppender.MaxBackupIndex=2
log4j.appender.stateChangeAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.stateChangeAppender.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.controller=TRACE, controllerAppender
log4j.additivity.kafka.controller=false
log4j.logger.state.change.logger=INFO, stateChangeAppender
log4j.additivity.state.change.logger=false
`;
  fs.writeFileSync(cfg.log4jProperties, log4j);

  const toolsLog4j = `# Generated by tools/infra/infra.js -- logging for Kafka CLI tools run from these jars.
# java -Dlog4j.configuration=file:<this file> -cp '<libs>/*' org.apache.kafka.tools.TopicCommand ...
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
`;
  fs.writeFileSync(cfg.toolsLog4jProperties, toolsLog4j);
}

function libsPresent(cfg) {
  try {
    return fs.readdirSync(cfg.libsDir).includes(`kafka_2.13-${cfg.version}.jar`);
  } catch {
    return false;
  }
}

async function ensureJava(cfg) {
  const r = await run(cfg.java, ['-version'], { timeout: 30_000 });
  if (r.code !== 0) {
    throw new Error(`cannot run Java ("${cfg.java} -version" failed${r.error ? `: ${r.error.message}` : ''}); Kafka needs Java 11+ (17 recommended)`);
  }
  const m = (r.stderr + r.stdout).match(/version "(\d+)(?:\.(\d+))?/);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  if (major && major < 11) throw new Error(`Java ${major} found; Kafka ${cfg.version} needs Java 11+ (17 recommended)`);
  return major;
}

async function ensureKafkaJars(cfg, log) {
  if (libsPresent(cfg)) return false;
  const tmp = `${cfg.libsDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(tmp), { recursive: true });
  log(`kafka: downloading Kafka ${cfg.version} jars from Maven Central (first run only, may take a few minutes)...`);
  const started = Date.now();
  const r = await run(
    'mvn',
    ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`],
    { timeout: 15 * 60_000, cwd: REPO_ROOT },
  );
  if (r.code !== 0 || !fs.existsSync(path.join(tmp, `kafka_2.13-${cfg.version}.jar`))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const why = r.error && r.error.code === 'ENOENT' ? '`mvn` not found on PATH (Apache Maven is needed once to fetch the jars)' : `mvn exited with ${r.code}`;
    throw new Error(`kafka: downloading jars failed: ${why}\n${(r.stdout + r.stderr).trim().split('\n').slice(-30).join('\n')}`);
  }
  fs.rmSync(cfg.libsDir, { recursive: true, force: true });
  fs.renameSync(tmp, cfg.libsDir);
  log(`kafka: ${fs.readdirSync(cfg.libsDir).length} jars in ${cfg.libsDir} (${fmtSecs(Date.now() - started)})`);
  return true;
}

/** Kafka-style random Uuid: 16 random bytes, URL-safe base64 without padding (22 chars). */
function randomClusterId() {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka avoids ids that look like CLI flags
  }
}

function javaArgs(cfg, log4jFile, mainClass, args, jvm = []) {
  return [...jvm, `-Dlog4j.configuration=file:${log4jFile}`, '-cp', `${cfg.libsDir}${path.sep}*`, mainClass, ...args];
}

async function formatStorageIfNeeded(cfg, log) {
  const meta = path.join(cfg.dataDir, 'meta.properties');
  if (fs.existsSync(meta)) return false;
  const clusterId = randomClusterId();
  log(`kafka: formatting KRaft storage in ${cfg.dataDir} (cluster id ${clusterId})`);
  const r = await run(cfg.java, javaArgs(cfg, cfg.toolsLog4jProperties, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', cfg.serverProperties]), {
    timeout: 120_000,
  });
  if (r.code !== 0 || !fs.existsSync(meta)) {
    throw new Error(`kafka: storage format failed (exit ${r.code})\n${(r.stdout + r.stderr).trim()}`);
  }
  return true;
}

function startKafkaProcess(cfg) {
  fs.mkdirSync(cfg.logsDir, { recursive: true });
  const out = fs.openSync(cfg.stdoutLog, 'a');
  fs.writeSync(out, `\n===== ${new Date().toISOString()} starting Kafka ${cfg.version} =====\n`);
  const args = javaArgs(cfg, cfg.log4jProperties, 'kafka.Kafka', [cfg.serverProperties], [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${cfg.logsDir}`,
  ]);
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
      log(`kafka: waiting for broker (${fmtSecs(Date.now() - started)}; port ${portOk ? 'answers' : 'not answering yet'}, server.log ${logSeen ? 'says started' : 'not started yet'})`);
    }
    await sleep(500);
  }
  return { ok: false, reason: `not ready after ${fmtSecs(timeoutMs)} (port ${portOk ? 'answers' : 'not answering'}, server.log ${logSeen ? 'says started' : 'has no "Kafka Server started" line'})` };
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

/** Simple cross-process lock so parallel `up` calls (e.g. several Jest runs) do not race. */
async function withUpLock(cfg, log, fn) {
  fs.mkdirSync(cfg.infraDir, { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(cfg.lockFile, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number((() => {
        try {
          return fs.readFileSync(cfg.lockFile, 'utf8').trim();
        } catch {
          return '';
        }
      })());
      if (!holder || !isAlive(holder)) {
        fs.rmSync(cfg.lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${cfg.lockFile} (held by pid ${holder})`);
      if (!announced) {
        log(`waiting for another "infra up" (pid ${holder}) to finish...`);
        announced = true;
      }
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(cfg.lockFile, { force: true });
  }
}

async function upKafka(cfg, log) {
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
  if (filePid && pid !== filePid) {
    log(`kafka: removing stale pid file (pid ${filePid} is not running Kafka)`);
    removePidFile(cfg);
  }
  if (pid && !runsPinnedVersion(pid, cfg)) {
    log(`kafka: the running broker (pid ${pid}) is not Kafka ${cfg.version}; restarting it`);
    await down({ log });
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

  // A broker this folder did not start (another checkout's, say) already serves the port: use it.
  if (await kafkaApiVersions('127.0.0.1', cfg.kafkaPort)) {
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
  log(`kafka: started Kafka ${cfg.version} (pid ${pid}) on ${cfg.localBroker}, controller 127.0.0.1:${cfg.controllerPort}; waiting until ready (max ${fmtSecs(cfg.startTimeoutMs)})`);
  const w = await waitForKafka(cfg, pid, { logOffset, log });
  if (!w.ok) {
    if (!isRunning(pid)) removePidFile(cfg);
    const still = isRunning(pid) ? `\nThe process (pid ${pid}) is still running; "node tools/infra/infra.js down" stops it.` : '';
    throw new Error(`kafka: broker did not become ready: ${w.reason}${still}\n${failureDetails(cfg, logOffset)}`);
  }
  log(`kafka: ready on ${cfg.localBroker} after ${fmtSecs(w.ms)} (total ${fmtSecs(Date.now() - t0)}; logs in ${cfg.logsDir})`);
  return { pid, broker: cfg.localBroker, alreadyRunning: false };
}

// ---------------------------------------------------------------------------------------------
// Postgres
// ---------------------------------------------------------------------------------------------

async function upPostgres(cfg, log) {
  const db = parseDatabaseUrl(cfg.databaseUrl);
  if (await postgresReady(cfg.databaseUrl)) {
    log(`postgres: accepting connections at ${db.display}`);
    return { started: false };
  }
  if (!db.local) throw new Error(`postgres: ${db.display} (from DATABASE_URL) is not accepting connections`);

  let versions = [];
  try {
    versions = fs.readdirSync('/etc/postgresql').filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    /* not a Debian-style install */
  }
  if (!versions.length) throw new Error(`postgres: ${db.display} is not answering and no cluster was found in /etc/postgresql to start`);
  const version = versions[0];
  log(`postgres: not answering at ${db.display}; starting cluster ${version}/main with pg_ctlcluster`);
  const r = await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { timeout: 120_000 });
  if (r.code !== 0) {
    const out = (r.stdout + r.stderr).trim();
    // "already running" is fine: we then just wait for it below.
    if (!/already running/i.test(out)) log(`postgres: pg_ctlcluster exited with ${r.code}: ${out || (r.error && r.error.message) || ''}`);
  }
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (await postgresReady(cfg.databaseUrl)) {
      log(`postgres: accepting connections at ${db.display} (after ${fmtSecs(Date.now() - started)})`);
      return { started: true };
    }
    await sleep(500);
  }
  throw new Error(`postgres: ${db.display} still not accepting connections 60s after pg_ctlcluster start`);
}

async function postgresServerVersion(cfg) {
  const db = parseDatabaseUrl(cfg.databaseUrl);
  const r = await run('psql', ['-w', '-X', '-A', '-t', '-h', db.host, '-p', String(db.port), '-U', db.user, '-d', db.database, '-c', 'show server_version'], {
    timeout: 5000,
    env: { ...process.env, PGCONNECT_TIMEOUT: '3' },
  });
  return r.code === 0 ? r.stdout.trim().split(/\s/)[0] : null;
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Makes Postgres and Kafka ready. Resolves a summary; rejects (after trying both) if either failed. */
async function up({ log = defaultLog } = {}) {
  const cfg = config();
  return withUpLock(cfg, log, async () => {
    const result = {};
    const errors = [];
    try {
      result.postgres = await upPostgres(cfg, log);
    } catch (e) {
      errors.push(e);
    }
    try {
      result.kafka = await upKafka(cfg, log);
    } catch (e) {
      errors.push(e);
    }
    if (errors.length) {
      const err = new Error(errors.map((e) => e.message).join('\n'));
      err.result = result;
      throw err;
    }
    return result;
  });
}

/** Stops the local Kafka broker (SIGTERM, then SIGKILL after 30 s). Postgres is left alone. */
async function down({ log = defaultLog } = {}) {
  const cfg = config();
  if (cfg.kafkaExternal) {
    log(`kafka: KAFKA_BROKERS=${cfg.brokers.map((b) => b.address).join(',')} is external; nothing to stop`);
    return { stopped: false };
  }
  const filePid = readPid(cfg);
  const pid = findKafkaPid(cfg);
  if (!pid) {
    if (filePid) log(`kafka: removing stale pid file (pid ${filePid} is not running Kafka)`);
    removePidFile(cfg);
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

/** Prints one line per component; resolves { ok, kafka, postgres }. */
async function status({ log = (m) => console.log(m) } = {}) {
  const cfg = config();
  const db = parseDatabaseUrl(cfg.databaseUrl);

  let kafka;
  if (cfg.kafkaExternal) {
    const list = cfg.brokers.map((b) => b.address).join(',');
    const ok = await kafkaReady(list);
    kafka = { up: ok, external: true, brokers: list };
    log(`kafka:    ${ok ? 'reachable' : 'NOT reachable'} external broker(s) ${list} (KAFKA_BROKERS)`);
  } else {
    const pid = findKafkaPid(cfg);
    const answers = await kafkaApiVersions('127.0.0.1', cfg.kafkaPort);
    if (pid && answers) {
      kafka = { up: true, pid, broker: cfg.localBroker, dataDir: cfg.dataDir, version: cfg.version };
      log(`kafka:    running pid ${pid}, ${cfg.localBroker} (controller 127.0.0.1:${cfg.controllerPort}), Kafka ${cfg.version} KRaft, data ${cfg.dataDir}`);
    } else if (pid) {
      kafka = { up: false, pid, broker: cfg.localBroker };
      log(`kafka:    not ready: pid ${pid} alive but ${cfg.localBroker} not answering (starting or stuck; see ${cfg.serverLog})`);
    } else if (answers) {
      kafka = { up: true, pid: null, broker: cfg.localBroker, foreign: true };
      log(`kafka:    a broker answers on ${cfg.localBroker} but it was not started from ${cfg.infraDir}`);
    } else {
      kafka = { up: false, broker: cfg.localBroker };
      log(`kafka:    not running (${cfg.localBroker})`);
    }
  }

  const pgOk = await postgresReady(cfg.databaseUrl);
  const pgVersion = pgOk ? await postgresServerVersion(cfg) : null;
  const postgres = { up: pgOk, address: `${db.host}:${db.port}`, database: db.database, user: db.user, version: pgVersion };
  log(pgOk ? `postgres: running at ${db.display}${pgVersion ? `, PostgreSQL ${pgVersion}` : ''}` : `postgres: not running (${db.display})`);

  return { ok: kafka.up && pgOk, kafka, postgres };
}

module.exports = { up, down, status, kafkaReady, postgresReady, config };

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

if (require.main === module) {
  const cmd = process.argv[2];
  const commands = {
    up: async () => {
      const t0 = Date.now();
      await up();
      defaultLog(`up: done in ${fmtSecs(Date.now() - t0)}`);
      return 0;
    },
    down: async () => {
      await down();
      return 0;
    },
    status: async () => ((await status()).ok ? 0 : 1),
  };
  if (!commands[cmd]) {
    console.error('usage: node tools/infra/infra.js up|down|status');
    process.exit(2);
  }
  commands[cmd]().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`[infra] ${cmd} failed:\n${err && err.message ? err.message : err}`);
      process.exitCode = 1;
    },
  );
}
