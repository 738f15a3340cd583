// The run's own database on the machine's Postgres: created if missing, emptied of the services'
// schemas before and dropped after the run; and the fault that terminates every service connection.
'use strict';

const { Client } = require('pg');

const SCHEMAS = ['inventory', 'orders', 'fulfilment', 'returns'];
// The driver's own sessions carry this name, so the Postgres fault spares them.
const APPLICATION_NAME = 'omni-chaos-driver';

async function withClient(url, fn) {
  const client = new Client({ connectionString: url, application_name: APPLICATION_NAME });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function prepareDatabase(cfg, lifecycle) {
  await withClient(cfg.adminUrl, async (admin) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [cfg.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${cfg.database}"`);
  });
  lifecycle.onCleanup('database', () => dropDatabase(cfg));
  await withClient(cfg.databaseUrl, async (db) => {
    for (const schema of SCHEMAS) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
}

async function dropDatabase(cfg) {
  if (cfg.keepDatabase) {
    process.stderr.write(`[chaos] CHAOS_KEEP_DB=1: database ${cfg.database} kept for inspection\n`);
    return;
  }
  await withClient(cfg.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${cfg.database}" WITH (FORCE)`));
}

/** Terminates every session of the run's database except the driver's own; answers how many. */
async function terminateServiceConnections(cfg) {
  return withClient(cfg.adminUrl, async (admin) => {
    const { rows } = await admin.query(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND coalesce(application_name, '') <> $2`,
      [cfg.database, APPLICATION_NAME],
    );
    return rows[0].n;
  });
}

/** A long-lived driver session on the run's database (checks, outbox and readiness polls). */
async function driverClient(cfg) {
  const client = new Client({ connectionString: cfg.databaseUrl, application_name: APPLICATION_NAME });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function connectionCount(cfg) {
  return withClient(cfg.adminUrl, async (admin) => {
    const { rows } = await admin.query(
      `SELECT count(*) FILTER (WHERE datname = $1)::int AS ours, count(*)::int AS total,
              current_setting('max_connections')::int AS max FROM pg_stat_activity`,
      [cfg.database],
    );
    return rows[0];
  });
}

module.exports = {
  SCHEMAS,
  prepareDatabase,
  terminateServiceConnections,
  driverClient,
  connectionCount,
  withClient,
  APPLICATION_NAME,
};
