// Orders figure: orders accepted per second at a steady offered rate (open loop: requests leave on
// a clock, whether or not earlier ones were answered), their p99, and the p99 from placement to the
// allocation seen on the order. inventory.allocated comes from a small stand-in allocator in this
// process (fulfilment, which would ask inventory, is not running here): it answers every
// orders.order-placed read from the orders topic with an allocation on the inventory topic.
// Ceiling: a bare NestJS POST returning a constant, in its own process, at the same offered rate.
// Then the whole system (the four services on one log, lib/system.js): `idle`, each service's CPU with
// nothing to do (lib/idle.js), and `flash-sale-sellout` / `flash-sale-steady`, the checkout of 64
// shoppers on one hot SKU through the real saga (lib/flash-sale.js). BENCH_ONLY=idle,flash-sale picks them.
'use strict';

const { randomBytes, randomUUID } = require('node:crypto');
const { spawn } = require('node:child_process');
const os = require('node:os');
const { setTimeout: sleep } = require('node:timers/promises');
const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');
const { percentile, round } = require('./lib/stats');
const { flashSale } = require('./lib/flash-sale');
const { measureIdle } = require('./lib/idle');
const { startSystem } = require('./lib/system');
const { benchPort } = require('./lib/service');
const { openLoop } = require('./lib/open-loop');

const PORT = benchPort(3902);
const CEILING_PORT = benchPort(3992);
// The offered rate; ORDERS_BENCH_RATE overrides it to look for the knee (the figure is named with it).
const RATE = Number(process.env.ORDERS_BENCH_RATE ?? 100);
const SECONDS = 10;
const LINES = 3;

const BARE_POST = `
require('reflect-metadata');
const { Controller, Post, HttpCode, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
class C { post() { return { ok: true }; } }
HttpCode(201)(C.prototype, 'post', Object.getOwnPropertyDescriptor(C.prototype, 'post'));
Post('constant')(C.prototype, 'post', Object.getOwnPropertyDescriptor(C.prototype, 'post'));
Controller()(C);
class M {}
Module({ controllers: [C] })(M);
NestFactory.create(M, { logger: false }).then(async (app) => { await app.listen(Number(process.argv[1]), '127.0.0.1'); process.stdout.write('listening\\n'); });
`;

/** The ceiling: a bare NestJS POST of a constant (no guard, pipe, database or Kafka) at the same offered rate. */
async function bareNestPost(ctx, body) {
  const child = spawn(process.execPath, ['-e', BARE_POST, String(CEILING_PORT)], {
    cwd: ctx.root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve());
      child.on('exit', (code) => reject(new Error(`bare nest exited with ${code}`)));
    });
    return await openLoop({
      rate: RATE,
      seconds: SECONDS,
      send: async () => {
        const res = await fetch(`http://127.0.0.1:${CEILING_PORT}/constant`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body()),
        });
        await res.arrayBuffer();
        return res.status;
      },
    });
  } finally {
    child.kill('SIGTERM');
  }
}

/** Stands in for fulfilment + inventory: every order-placed is answered with inventory.allocated for all its lines. */
async function startAllocator(ctx, prefix) {
  const kafka = new Kafka({
    clientId: 'bench-allocator',
    brokers: ctx.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-allocator-${randomUUID()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topics: [`${prefix}omni.orders.v1`], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 4,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const out = [];
      for (const message of batch.messages) {
        const placed = JSON.parse(message.value.toString());
        if (placed.type !== 'orders.order-placed') continue;
        const { orderId, lines } = placed.data;
        const envelope = {
          id: randomUUID(),
          type: 'inventory.allocated',
          version: 1,
          occurredAt: new Date().toISOString(),
          source: 'inventory',
          key: orderId,
          correlationId: placed.correlationId,
          causationId: placed.id,
          actor: {},
          data: {
            orderId,
            requestId: randomUUID(),
            lines: lines.map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, qty: l.qty, locationId: 'BENCH-DC' })),
          },
        };
        out.push({ key: orderId, value: JSON.stringify(envelope) });
      }
      if (out.length) await producer.send({ topic: `${prefix}omni.inventory.v1`, acks: -1, messages: out });
      for (const message of batch.messages) resolveOffset(message.offset);
      await heartbeat();
    },
  });
  return { stop: async () => Promise.allSettled([consumer.disconnect(), producer.disconnect()]) };
}

/** The SKUs the bench orders: orders refuses a SKU no location has stocked, so each is stocked at BENCH-DC first. */
const BENCH_SKUS = Array.from({ length: LINES * 1000 }, (_, n) => `SKU-${Math.floor(n / 1000)}-${n % 1000}`);

/** Publishes a stock level of every bench SKU on inventory's stock-levels changelog, and waits until orders knows them all. */
async function stockBenchSkus(ctx, prefix, db) {
  const kafka = new Kafka({
    clientId: 'bench-stock',
    brokers: ctx.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const asOf = new Date().toISOString();
    const messages = BENCH_SKUS.map((sku) => {
      const key = `${sku}@BENCH-DC`;
      const data = {
        sku,
        locationId: 'BENCH-DC',
        onHand: 1000,
        reserved: 0,
        safetyStock: 0,
        damaged: 0,
        sellable: 1000,
        asOf,
      };
      const envelope = {
        id: randomUUID(),
        type: 'inventory.stock-level-snapshot',
        version: 1,
        occurredAt: asOf,
        source: 'inventory',
        key,
        correlationId: randomUUID(),
        causationId: null,
        actor: {},
        data,
      };
      return { key, value: JSON.stringify(envelope) };
    });
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({
        topic: `${prefix}omni.inventory.stock-levels.changelog.v1`,
        acks: -1,
        messages: messages.slice(i, i + 500),
      });
    }
  } finally {
    await producer.disconnect();
  }
  const until = Date.now() + 60000;
  while (Number((await db.query(`SELECT count(*) AS n FROM known_skus`)).rows[0].n) < BENCH_SKUS.length) {
    if (Date.now() > until) throw new Error('orders bench: orders did not learn the bench SKUs within 60 s');
    await sleep(200);
  }
}

async function orderPlace(ctx) {
  const suffix = randomBytes(3).toString('hex');
  const schema = `orders_bench_${suffix}`;
  const prefix = `bench${suffix}.`;
  const svc = await ctx.startService({
    main: 'dist/apps/orders/src/main.js',
    port: PORT,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: ctx.databaseUrl,
      DATABASE_SCHEMA: schema,
      KAFKA_BROKERS: ctx.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `orders-bench-${suffix}`,
      JWT_SECRET: ctx.jwtSecret,
    },
  });
  const db = new Client({ connectionString: ctx.databaseUrl, options: `-c search_path=${schema}` });
  await db.connect();
  const allocator = await startAllocator(ctx, prefix);
  try {
    await stockBenchSkus(ctx, prefix, db);
    const web = ctx.mintToken({ sub: 'bench-web', role: 'channel', channel: 'web' });
    const body = () => ({
      channel: 'web',
      customer: { id: `c-${randomBytes(4).toString('hex')}`, email: 'bench@example.com' },
      lines: Array.from({ length: LINES }, (_, i) => ({
        sku: `SKU-${i}-${Math.floor(Math.random() * 1000)}`,
        qty: 1 + (i % 3),
        unitPrice: 1999,
        currency: 'EUR',
        delivery: { type: 'ship', address: { line1: '1 Bench St', city: 'Lyon', postalCode: '69001', country: 'FR' } },
      })),
    });
    const place = async () => {
      const res = await fetch(`${svc.url}/v1/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${web}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(body()),
      });
      await res.arrayBuffer();
      return res.status;
    };

    // Both consumer groups join in the background: place until one order comes back allocated.
    const warmUntil = Date.now() + 90000;
    for (;;) {
      await place();
      await sleep(500);
      const { rows } = await db.query(`SELECT 1 FROM orders WHERE status = 'allocated' LIMIT 1`);
      if (rows.length) break;
      if (Date.now() > warmUntil) throw new Error('orders bench: no allocation came back within 90 s');
    }
    await sleep(1000);
    const { rows: mark } = await db.query(`SELECT now() AS at`);

    const [l1Before] = os.loadavg();
    ctx.log(
      `order-place: ${RATE}/s offered for ${SECONDS} s, ${LINES} ship lines each, with Idempotency-Key; stand-in allocator on the orders topic`,
    );
    const result = await openLoop({ rate: RATE, seconds: SECONDS, send: place });
    ctx.log(`order-place statuses ${JSON.stringify(result.statuses)}`);

    // Placed -> allocated, as the order records it: placed_at and the updated_at written by the allocation step.
    const pendingUntil = Date.now() + 30000;
    let latencies;
    for (;;) {
      const { rows } = await db.query(
        `SELECT extract(epoch FROM (CASE WHEN status = 'allocated' THEN updated_at ELSE now() END) - placed_at) * 1000 AS ms, status
         FROM orders WHERE placed_at > $1`,
        [mark[0].at],
      );
      latencies = rows;
      if (rows.every((r) => r.status === 'allocated') || Date.now() > pendingUntil) break;
      await sleep(250);
    }
    const unallocated = latencies.filter((r) => r.status !== 'allocated').length;
    // Where the time goes: placement -> allocation published by the stand-in (relay, Kafka, allocator), then -> applied (orders' consumer).
    const { rows: legs } = await db.query(
      `SELECT extract(epoch FROM t.occurred_at - o.placed_at) * 1000 AS out_ms, extract(epoch FROM o.updated_at - t.occurred_at) * 1000 AS in_ms
       FROM orders o JOIN order_timeline t ON t.order_id = o.id AND t.step = 'allocated' WHERE o.placed_at > $1`,
      [mark[0].at],
    );
    const p = (k, q) =>
      round(
        percentile(
          legs.map((r) => Number(r[k])),
          q,
        ),
      );
    ctx.log(
      `placed->allocation published p50/p99 ${p('out_ms', 50)}/${p('out_ms', 99)} ms; published->applied p50/p99 ${p('in_ms', 50)}/${p('in_ms', 99)} ms`,
    );
    ctx.log(
      `placed->allocated: ${latencies.length - unallocated}/${latencies.length} allocated${unallocated ? ` (${unallocated} never, counted as the time waited)` : ''}`,
    );
    const [l1After] = os.loadavg();
    ctx.log(`machine: ${os.cpus().length} cpus, load 1m ${l1Before.toFixed(2)} before, ${l1After.toFixed(2)} after`);

    ctx.log(`ceiling: bare NestJS POST of a constant, ${RATE}/s offered for ${SECONDS} s`);
    const ceiling = await bareNestPost(ctx, body);
    // The runner's ctx.emit() knows only the shared fields; this figure carries two more.
    const line = {
      bench: 'order-place',
      ops_per_s: round(result.opsPerS),
      p99_ms: round(result.p99Ms),
      offered_per_s: RATE,
      placed_to_allocated_p99_ms: round(
        percentile(
          latencies.map((r) => Number(r.ms)),
          99,
        ),
      ),
      ceiling: `nest-bare-post@${RATE}/s`,
      ceiling_ops_per_s: round(ceiling.opsPerS),
      ratio: ceiling.opsPerS ? round(result.opsPerS / ceiling.opsPerS, 3) : null,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    ctx.log(`ceiling p99 ${round(ceiling.p99Ms)} ms, statuses ${JSON.stringify(ceiling.statuses)}`);
  } finally {
    await allocator.stop();
    await svc.stop();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end();
  }
}

/** The four services on one log: their idle CPU, then the flash-sale checkout through the real saga. */
async function wholeSystem(ctx) {
  // Its 64 connections first, while the services hold none (the bench database allows 100 in all).
  if (['flash-sale', 'flash-sale-sellout', 'flash-sale-steady'].some((f) => ctx.wants(f)))
    await ctx.ceiling('pg-hot-row-update');
  const system = await startSystem(ctx);
  try {
    if (ctx.wants('idle')) await measureIdle(ctx, system.services);
    if (['flash-sale', 'flash-sale-sellout', 'flash-sale-steady'].some((f) => ctx.wants(f)))
      await flashSale(ctx, system);
  } finally {
    await system.stop();
  }
}

async function run(ctx) {
  if (ctx.wants('order-place')) await orderPlace(ctx);
  if (['idle', 'flash-sale', 'flash-sale-sellout', 'flash-sale-steady'].some((f) => ctx.wants(f)))
    await wholeSystem(ctx);
}

module.exports = { name: 'orders', run };
