// Ceilings measured in the same run, on the same machine, so every figure has a yardstick.
'use strict';

const path = require('node:path');
const { spawn } = require('node:child_process');
const { Client } = require('pg');
const { load } = require('./load');
const { benchPort } = require('./service');

/**
 * (a) The naive limit of one transaction per hold: one-row conditional UPDATE transactions per
 * second from `connections` pg clients, all on the same row of a table in the bench database.
 */
async function pgHotRowUpdates(databaseUrl, { connections = 64, seconds = 8 } = {}) {
  const schema = 'bench_ceiling';
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await admin.query(
    `CREATE TABLE ${schema}.level (id int PRIMARY KEY, on_hand int NOT NULL, reserved int NOT NULL) WITH (fillfactor = 80)`,
  );
  await admin.query(`INSERT INTO ${schema}.level VALUES (1, 2000000000, 0)`);
  // On a shared server another run may hold most connections: measure with what it lets us have
  // (one hot row serialises the updates anyway), and say so.
  const opened = await Promise.allSettled(
    Array.from({ length: connections }, async () => {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }),
  );
  const clients = opened.filter((o) => o.status === 'fulfilled').map((o) => o.value);
  if (clients.length < connections) {
    const why = opened.find((o) => o.status === 'rejected').reason.message;
    if (clients.length < 8) {
      await Promise.all(clients.map((c) => c.end()));
      await admin.end();
      throw new Error(`ceiling (a): only ${clients.length} of ${connections} connections (${why})`);
    }
    process.stderr.write(
      `[bench] ceiling (a): measured with ${clients.length} of ${connections} connections (${why})\n`,
    );
  }
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < deadline) {
        await c.query(`UPDATE ${schema}.level SET reserved = reserved + 1 WHERE id = 1 AND on_hand - reserved >= 1`);
        done += 1;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
  return done / seconds;
}

/**
 * (b) The HTTP limit: a bare NestJS GET returning a constant, as `workers` processes of its own, under
 * `connections` clients; on Express (the reference) or, with adapter 'fastify', on Fastify.
 */
async function bareNestGet({
  port = benchPort(3990),
  connections = 64,
  seconds = 8,
  workers = 1,
  adapter = 'express',
} = {}) {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'bare-nest.js'), String(port), String(workers), adapter],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve());
      child.on('exit', (code) => reject(new Error(`bare nest exited with ${code}`)));
    });
    const result = await load({
      url: `http://127.0.0.1:${port}`,
      path: '/constant',
      connections,
      seconds,
      serverPid: child.pid,
    });
    return { opsPerS: result.opsPerS, p99Ms: result.p99Ms, cpuUsPerOp: result.cpuUsPerOp };
  } finally {
    child.kill('SIGTERM');
  }
}

module.exports = { pgHotRowUpdates, bareNestGet };
