// What tools/infra works with, from the environment: computed on every call, so a caller (a test,
// the chaos run) may point it elsewhere by changing process.env between calls.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { realPath } = require('./util');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const POM = path.join(__dirname, 'kafka', 'pom.xml');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

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
  // Its real path: a symlinked .infra (say, several checkouts sharing one) names the same broker whichever path reaches it.
  const infraDir = realPath(
    process.env.INFRA_DIR ? path.resolve(process.env.INFRA_DIR) : path.join(REPO_ROOT, '.infra'),
  );
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
  return {
    host,
    port,
    user,
    database,
    local: LOOPBACK.has(host) && port === 5432,
    display: `${host}:${port}/${database} (user ${user})`,
  };
}

module.exports = { config, parseBrokers, parseDatabaseUrl, intEnv, readKafkaVersion, REPO_ROOT, POM, LOOPBACK };
