// Postgres belongs to the machine: `up` checks it (and starts a local Debian-style cluster that is
// down), `status` reports it, `down` leaves it alone.
'use strict';

const fs = require('node:fs');
const { parseDatabaseUrl } = require('./config');
const { postgresReady } = require('./probe');
const { fmtSecs, run, sleep } = require('./util');

async function upPostgres(cfg, log) {
  const db = parseDatabaseUrl(cfg.databaseUrl);
  if (await postgresReady(cfg.databaseUrl)) {
    log(`postgres: accepting connections at ${db.display}`);
    return { started: false };
  }
  if (!db.local) throw new Error(`postgres: ${db.display} (from DATABASE_URL) is not accepting connections`);

  let versions = [];
  try {
    versions = fs
      .readdirSync('/etc/postgresql')
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    /* not a Debian-style install */
  }
  if (!versions.length)
    throw new Error(`postgres: ${db.display} is not answering and no cluster was found in /etc/postgresql to start`);
  const version = versions[0];
  log(`postgres: not answering at ${db.display}; starting cluster ${version}/main with pg_ctlcluster`);
  const r = await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { timeout: 120_000 });
  if (r.code !== 0) {
    const out = (r.stdout + r.stderr).trim();
    // "already running" is fine: we then just wait for it below.
    if (!/already running/i.test(out))
      log(`postgres: pg_ctlcluster exited with ${r.code}: ${out || (r.error && r.error.message) || ''}`);
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
  const r = await run(
    'psql',
    [
      '-w',
      '-X',
      '-A',
      '-t',
      '-h',
      db.host,
      '-p',
      String(db.port),
      '-U',
      db.user,
      '-d',
      db.database,
      '-c',
      'show server_version',
    ],
    {
      timeout: 5000,
      env: { ...process.env, PGCONNECT_TIMEOUT: '3' },
    },
  );
  return r.code === 0 ? r.stdout.trim().split(/\s/)[0] : null;
}

/** One status line; resolves what `status` reports of Postgres. */
async function postgresStatus(cfg, log) {
  const db = parseDatabaseUrl(cfg.databaseUrl);
  const pgOk = await postgresReady(cfg.databaseUrl);
  const pgVersion = pgOk ? await postgresServerVersion(cfg) : null;
  log(
    pgOk
      ? `postgres: running at ${db.display}${pgVersion ? `, PostgreSQL ${pgVersion}` : ''}`
      : `postgres: not running (${db.display})`,
  );
  return { up: pgOk, address: `${db.host}:${db.port}`, database: db.database, user: db.user, version: pgVersion };
}

module.exports = { upPostgres, postgresStatus };
