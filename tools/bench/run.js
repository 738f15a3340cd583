#!/usr/bin/env node
/*
 * The benchmark runner.
 *
 *   npm run bench                 every bench module found under tools/bench/ (*.bench.js)
 *   npm run bench -- inventory    only the named module(s)
 *   BENCH_ONLY=hold-hot-sku,freshness npm run bench -- inventory    only those figures (ctx.wants)
 *   BENCH_WORKERS=2 npm run bench    every service, and the HTTP ceiling, as that many worker processes
 *   BENCH_PORT_OFFSET=100 npm run bench    every port the bench listens on moved by 100 (beside another bench);
 *                                          a port found in use fails the run rather than measuring someone else
 *
 * Builds the tree (tools/build.js), starts the infrastructure (tools/infra/infra.js up), creates the
 * bench database (omni_bench: never the test database), measures the ceilings once, then runs each
 * module. stdout carries ONE JSON line per figure:
 *   {"bench","ops_per_s","p99_ms","ceiling","ceiling_ops_per_s","ratio","oversold"}
 * Progress, the machine's load and each service's CPU per operation go to stderr.
 *
 * A module exports { name, run(ctx) } and calls ctx.emit(figure) per figure; ctx.ceiling(name)
 * gives a ceiling measured at most once per run ('pg-hot-row-update', 'nest-bare-get', 'nest-bare-get-fastify',
 * 'node-http-get').
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { build } = require('../build');
const infra = require('../infra/infra');
const { config: infraConfig } = require('../infra/config');
const { pgHotRowUpdates, bareNestGet } = require('./lib/ceilings');
const { round } = require('./lib/stats');
const { startService, benchPort, ROOT, BENCH_WORKERS } = require('./lib/service');

const BENCH_DATABASE = 'omni_bench';
const JWT_SECRET = 'bench-secret-0123456789abcdef';

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

async function ensureBenchDatabase() {
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

function modulesToRun(names) {
  const all = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .map((f) => require(path.join(__dirname, f)));
  const unknown = names.filter((n) => !all.some((m) => m.name === n));
  if (unknown.length)
    throw new Error(`no bench module named ${unknown.join(', ')} (have: ${all.map((m) => m.name).join(', ')})`);
  return names.length ? all.filter((m) => names.includes(m.name)) : all;
}

async function main() {
  const modules = modulesToRun(process.argv.slice(2));
  build();
  await infra.up();
  const databaseUrl = await ensureBenchDatabase();
  const ceilings = new Map();
  const ceilingMeasures = {
    'pg-hot-row-update': async () => {
      log('ceiling (a): one-row conditional UPDATE transactions from 64 pg connections');
      return { opsPerS: await pgHotRowUpdates(databaseUrl) };
    },
    'nest-bare-get': async () => {
      log(`ceiling (b): bare NestJS GET of a constant, 64 connections, ${BENCH_WORKERS} worker(s) like the services`);
      return bareNestGet({ workers: BENCH_WORKERS });
    },
    'nest-bare-get-fastify': async () => {
      log(`ceiling (b'): the same bare GET on Nest's Fastify adapter, which the services run on`);
      return bareNestGet({ workers: BENCH_WORKERS, adapter: 'fastify', port: benchPort(3991) });
    },
    'node-http-get': async () => {
      log(`the floor: a node:http server answering the same constant, no framework`);
      return bareNestGet({ workers: BENCH_WORKERS, adapter: 'node', port: benchPort(3993) });
    },
  };
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const ctx = {
    root: ROOT,
    /** Whether a figure is to be measured this run (all of them unless BENCH_ONLY names some). */
    wants: (bench) => !only.length || only.includes(bench),
    databaseUrl,
    // The broker infra.up() made ready: KAFKA_BROKERS, else the local one on KAFKA_PORT.
    kafkaBrokers: infraConfig()
      .brokers.map((b) => b.address)
      .join(','),
    jwtSecret: JWT_SECRET,
    log,
    startService,
    mintToken: (claims) => {
      require('reflect-metadata'); // the built platform library carries decorators
      return require(path.join(ROOT, 'dist/libs/platform/src/auth/token.js')).mintToken(claims, JWT_SECRET);
    },
    ceiling(name) {
      if (!ceilings.has(name)) ceilings.set(name, ceilingMeasures[name]());
      return ceilings.get(name);
    },
    /**
     * Writes the figure's JSON line. cpuUsPerOp (the service's CPU per operation) and
     * ceilingCpuUsPerOp go to stderr only: the line's fields are fixed, and CPU per operation is the
     * figure to compare across runs when the box's other load moves the throughputs.
     */
    emit({
      bench,
      opsPerS,
      p99Ms,
      ceiling = null,
      ceilingOpsPerS = null,
      oversold = null,
      cpuUsPerOp = null,
      ceilingCpuUsPerOp = null,
    }) {
      if (cpuUsPerOp !== null) {
        const vsCeiling = ceilingCpuUsPerOp
          ? `, the ceiling ${round(ceilingCpuUsPerOp)} µs (CPU ratio ${round(ceilingCpuUsPerOp / cpuUsPerOp, 3)})`
          : '';
        log(`${bench}: the service used ${round(cpuUsPerOp)} µs of CPU per operation${vsCeiling}`);
      }
      const line = {
        bench,
        ops_per_s: round(opsPerS),
        p99_ms: round(p99Ms),
        ceiling,
        ceiling_ops_per_s: round(ceilingOpsPerS),
        ratio: ceilingOpsPerS ? round(opsPerS / ceilingOpsPerS, 3) : null,
        oversold,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    },
  };
  for (const m of modules) {
    log(`module ${m.name}`);
    await m.run(ctx);
  }
  const [l1, l5] = os.loadavg();
  log(`machine: ${os.cpus().length} cpus, load average 1m ${l1.toFixed(2)} 5m ${l5.toFixed(2)}`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
