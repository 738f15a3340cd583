// Everything a chaos run may be told, read once from the environment, with the defaults that keep
// it off the shared development stack: its own ports, broker, database and build folder.
'use strict';

const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

function int(name, def, min = 0) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function loadConfig() {
  const dir = path.resolve(process.env.CHAOS_DIR || path.join(os.tmpdir(), 'omni-chaos'));
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = process.env.CHAOS_DATABASE || 'omni_chaos';
  // The run drops this database's schemas and terminates its connections: never let it be a shared one.
  if (!/^[a-z_][a-z0-9_]*$/.test(database) || !database.includes('chaos')) {
    throw new Error(`CHAOS_DATABASE must be a plain name containing "chaos" (got "${database}")`);
  }
  const databaseUrl = (() => {
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return u.toString();
  })();
  if (!['127.0.0.1', 'localhost'].includes(new URL(adminUrl).hostname))
    throw new Error('the chaos run only talks to a Postgres on 127.0.0.1');
  const kafkaPort = int('CHAOS_KAFKA_PORT', 19092, 1);
  const seconds = int('CHAOS_S', 600, 30);
  return {
    root: ROOT,
    dir,
    distDir: path.join(dir, 'dist'),
    infraDir: path.join(dir, 'infra'),
    logsDir: path.join(dir, 'logs'),
    lockFile: path.join(dir, 'chaos.lock'),
    adminUrl,
    database,
    databaseUrl,
    keepDatabase: process.env.CHAOS_KEEP_DB === '1',
    kafkaPort,
    kafkaControllerPort: int('CHAOS_KAFKA_CONTROLLER_PORT', kafkaPort + 1, 1),
    brokers: `127.0.0.1:${kafkaPort}`,
    // inventory 3101/3201, orders 3102/3202, ...: replica r of service i listens on basePort + 100 * r + i.
    basePort: int('CHAOS_BASE_PORT', 3000, 1),
    replicas: 2,
    partitions: 12,
    jwtSecret: 'chaos-secret-0123456789abcdef',
    /** How long the load runs (the fault schedule is fitted into it; all faults are always injected). */
    seconds,
    warmupSeconds: int('CHAOS_WARMUP_S', 10, 1),
    restartDelayMs: int('CHAOS_RESTART_DELAY_MS', 3000),
    quiesceSeconds: int('CHAOS_QUIESCE_S', 120, 10),
    /** Closed-loop clients: shoppers (web/app) and POS tills; staff, returns and cancels ride on top. */
    shoppers: int('CHAOS_SHOPPERS', seconds <= 180 ? 2 : 3, 1),
    tills: int('CHAOS_TILLS', 1, 0),
    /** Consumer concurrency per replica: 8 replicas share one Postgres with max_connections 100. */
    consumerConcurrency: int('CHAOS_CONSUMER_CONCURRENCY', 4, 1),
    /** The whole run stops, cleaning up, if it takes longer than this. */
    hardLimitMs: (seconds + int('CHAOS_SLACK_S', 900, 60)) * 1000,
  };
}

module.exports = { loadConfig, ROOT };
