// Fulfilment figure: the BOPIS journey from orders.order-placed to a pick task at the store, through
// the real saga (fulfilment sources, asks inventory to allocate, inventory allocates, fulfilment opens
// the fulfilment order and its task): three hops through the log, two outbox relays. Order-placed
// events are published straight onto the orders topic at a steady offered rate (open loop), as the
// orders service would. Both services run built (dist/) on the bench database, in schemas of their own.
// Ceiling: the bare round trip through the log at the same rate (kafkajs produce -> consume, no
// database, no service), measured in the same run.
// Knobs (the figure is named with the rate): FULFILMENT_BENCH_RATE (offered orders/s, default 100),
// FULFILMENT_BENCH_CONCURRENCY (KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY for both services, default theirs),
// FULFILMENT_BENCH_BATCH (CONSUMER_MAX_BATCH for both services, default theirs).
'use strict';

const { lyonStoreBody } = require('./lib/fixtures');
const { randomBytes, randomUUID } = require('node:crypto');
const os = require('node:os');
const { setTimeout: sleep } = require('node:timers/promises');
const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');
const { percentile, round } = require('./lib/stats');
const { api } = require('./lib/http');
const { benchPort } = require('./lib/service');
const { openLoop } = require('./lib/open-loop');

const FULFILMENT_PORT = benchPort(3903);
const INVENTORY_PORT = benchPort(3913);
const RATE = Number(process.env.FULFILMENT_BENCH_RATE ?? 100);
const CONCURRENCY = process.env.FULFILMENT_BENCH_CONCURRENCY;
const BATCH = process.env.FULFILMENT_BENCH_BATCH;
const SECONDS = 10;
const WARMUP_SECONDS = 5;
const STORE = 'BOPIS-1';
const SKUS = 50;

const skuId = (i) => `BOPIS-SKU-${String(i).padStart(3, '0')}`;

function orderPlacedEnvelope(orderId, i) {
  const placedAt = new Date().toISOString();
  return {
    id: randomUUID(),
    type: 'orders.order-placed',
    version: 1,
    occurredAt: placedAt,
    source: 'orders',
    key: orderId,
    correlationId: randomUUID(),
    causationId: null,
    actor: { channel: 'web' },
    data: {
      orderId,
      channel: 'web',
      customer: { id: `c-${i}` },
      lines: [
        {
          orderLineId: `${orderId}-1`,
          lineNo: 1,
          sku: skuId(i % SKUS),
          qty: 1,
          unitPriceMinor: 1999,
          currency: 'EUR',
          delivery: { type: 'pickup', locationId: STORE },
        },
      ],
      placedAt,
    },
  };
}

/** The yardstick: one message per send through a topic of its own, produce -> consume, at the same rate. */
async function bareRoundTrip(ctx, prefix) {
  const topic = `${prefix}bench.roundtrip`;
  const kafka = new Kafka({
    clientId: 'bench-roundtrip',
    brokers: ctx.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 12 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-roundtrip-${randomUUID()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const latencies = [];
  let warmed = false;
  await consumer.run({
    partitionsConsumedConcurrently: 4,
    eachMessage: async ({ message }) => {
      const sentAt = Number(message.value.toString());
      if (sentAt < 0) warmed = true;
      else latencies.push(performance.now() - sentAt);
    },
  });
  try {
    for (const until = Date.now() + 60000; !warmed; await sleep(200)) {
      if (Date.now() > until) throw new Error('round trip: the consumer never joined');
      await producer.send({ topic, acks: -1, messages: [{ key: 'warm', value: '-1' }] });
    }
    const { sent } = await openLoop({
      rate: RATE,
      seconds: SECONDS,
      send: (i) => producer.send({ topic, acks: -1, messages: [{ key: String(i), value: String(performance.now()) }] }),
    });
    for (const until = Date.now() + 20000; latencies.length < sent && Date.now() < until;) await sleep(100);
    return { opsPerS: latencies.length / SECONDS, p99Ms: percentile(latencies, 99), received: latencies.length, sent };
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function run(ctx) {
  const suffix = randomBytes(3).toString('hex');
  const prefix = `bench${suffix}.`;
  const schemas = { inventory: `inventory_bench_${suffix}`, fulfilment: `fulfilment_bench_${suffix}` };
  const env = (service) => ({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: ctx.databaseUrl,
    DATABASE_SCHEMA: schemas[service],
    KAFKA_BROKERS: ctx.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${service}-bench-${suffix}`,
    JWT_SECRET: ctx.jwtSecret,
    ...(CONCURRENCY ? { KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: CONCURRENCY } : {}),
    ...(BATCH ? { CONSUMER_MAX_BATCH: BATCH } : {}),
  });
  // One after the other: both create the topics at start.
  const inventory = await ctx.startService({
    main: 'dist/apps/inventory/src/main.js',
    port: INVENTORY_PORT,
    env: env('inventory'),
  });
  const fulfilment = await ctx
    .startService({ main: 'dist/apps/fulfilment/src/main.js', port: FULFILMENT_PORT, env: env('fulfilment') })
    .catch(async (error) => {
      await inventory.stop();
      throw error;
    });
  const db = new Client({ connectionString: ctx.databaseUrl, options: `-c search_path=${schemas.fulfilment}` });
  await db.connect();
  const kafka = new Kafka({
    clientId: 'bench-orders',
    brokers: ctx.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sendTimes = [];
  const publish = async (envelope) => {
    const began = performance.now();
    await producer.send({
      topic: `${prefix}omni.orders.v1`,
      acks: -1,
      messages: [{ key: envelope.key, value: JSON.stringify(envelope) }],
    });
    sendTimes.push(performance.now() - began);
  };
  try {
    const admin = ctx.mintToken({ sub: 'bench-admin', role: 'admin' });
    await api(inventory.url, admin, 'PUT', `/v1/locations/${STORE}`, lyonStoreBody('Bench BOPIS store'));
    for (let i = 0; i < SKUS; i++)
      await api(inventory.url, admin, 'POST', '/v1/stock/movements', {
        sku: skuId(i),
        locationId: STORE,
        type: 'receipt',
        quantity: 1_000_000,
      });
    for (const until = Date.now() + 90000; ; await sleep(250)) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM stock_positions WHERE location_id = $1`, [STORE]);
      if (rows[0].n === SKUS) break;
      if (Date.now() > until) throw new Error('fulfilment bench: the projection never saw the stock');
    }

    // Consumer groups join in the background: place orders until one reaches a task.
    for (const until = Date.now() + 90000; ; await sleep(500)) {
      await publish(orderPlacedEnvelope(`warm-${randomUUID()}`, 0));
      const { rows } = await db.query(`SELECT 1 FROM tasks LIMIT 1`);
      if (rows.length) break;
      if (Date.now() > until) throw new Error('fulfilment bench: no task appeared within 90 s');
    }
    // Warm up at the offered rate, unmeasured, as a running system is: JIT-compiled paths, full connection pools.
    ctx.log(`bopis-journey: warming up, ${RATE}/s for ${WARMUP_SECONDS} s`);
    await openLoop({
      rate: RATE,
      seconds: WARMUP_SECONDS,
      send: (i) => publish(orderPlacedEnvelope(`warm-${randomUUID()}`, i)),
    });
    await sleep(3000);

    const [l1Before] = os.loadavg();
    ctx.log(
      `bopis-journey: ${RATE} orders.order-placed/s for ${SECONDS} s, one pickup line each, real inventory allocating${CONCURRENCY ? `, ${CONCURRENCY} partitions consumed concurrently` : ''}`,
    );
    const runId = randomBytes(3).toString('hex');
    sendTimes.length = 0;
    const { sent } = await openLoop({
      rate: RATE,
      seconds: SECONDS,
      send: (i) => publish(orderPlacedEnvelope(`o-${runId}-${i}`, i)),
    });

    // placed (the event's placedAt, this process's clock) -> task created (Postgres, same machine).
    let rows = [];
    for (const until = Date.now() + 30000; ; await sleep(250)) {
      ({ rows } = await db.query(
        `SELECT extract(epoch FROM t.created_at - o.placed_at) * 1000 AS ms, extract(epoch FROM t.created_at) * 1000 AS at, extract(epoch FROM o.placed_at) * 1000 AS placed
         FROM sourced_orders o JOIN tasks t ON t.order_id = o.order_id WHERE o.order_id LIKE $1`,
        [`o-${runId}-%`],
      ));
      if (rows.length >= sent || Date.now() > until) break;
    }
    const latencies = rows.map((r) => Number(r.ms));
    const firstPlaced = Math.min(...rows.map((r) => Number(r.placed)));
    const lastTask = Math.max(...rows.map((r) => Number(r.at)));
    const opsPerS = rows.length / Math.max(SECONDS, (lastTask - firstPlaced) / 1000);
    // Where the time goes, from each transaction's start: fulfilment takes the order (and asks inventory),
    // inventory takes the request (relay, log, its queue), fulfilment takes the answer and opens the task.
    const { rows: legs } = await db.query(
      `SELECT extract(epoch FROM o.created_at - o.placed_at) * 1000 AS to_fulfilment,
              extract(epoch FROM a.created_at - o.created_at) * 1000 AS to_inventory,
              extract(epoch FROM t.created_at - a.created_at) * 1000 AS to_task
       FROM sourced_orders o JOIN ${schemas.inventory}.allocations a ON a.order_id = o.order_id JOIN tasks t ON t.order_id = o.order_id
       WHERE o.order_id LIKE $1`,
      [`o-${runId}-%`],
    );
    const leg = (k) =>
      `${round(
        percentile(
          legs.map((r) => Number(r[k])),
          50,
        ),
      )}/${round(
        percentile(
          legs.map((r) => Number(r[k])),
          99,
        ),
      )}`;
    ctx.log(
      `bopis-journey: ${rows.length}/${sent} orders reached a pick task; p50 ${round(percentile(latencies, 50))} ms, p90 ${round(percentile(latencies, 90))} ms`,
    );
    // When the slow ones were placed: a tail bunched in one second is a stall (a rebalance, a GC), not a rate the system cannot keep.
    const slowest = rows.map((r) => ({ s: Math.floor((Number(r.placed) - firstPlaced) / 1000), ms: Number(r.ms) }));
    const worstPerSecond = Array.from({ length: SECONDS }, (_, s) =>
      round(Math.max(0, ...slowest.filter((x) => x.s === s).map((x) => x.ms)), 0),
    );
    ctx.log(`bopis-journey: slowest per second of placing (ms): ${worstPerSecond.join(' ')}`);
    ctx.log(
      `the bench's own send of order-placed (placedAt is taken before it) p50/p99 ms: ${round(percentile(sendTimes, 50))}/${round(percentile(sendTimes, 99))}`,
    );
    ctx.log(
      `legs p50/p99 ms: placed->fulfilment sources ${leg('to_fulfilment')}; ->inventory allocates ${leg('to_inventory')}; ->fulfilment opens the task ${leg('to_task')}`,
    );
    const [l1After] = os.loadavg();
    ctx.log(`machine: ${os.cpus().length} cpus, load 1m ${l1Before.toFixed(2)} before, ${l1After.toFixed(2)} after`);

    ctx.log(`ceiling: bare produce -> consume round trip through the log, ${RATE}/s for ${SECONDS} s`);
    const ceiling = await bareRoundTrip(ctx, prefix);
    ctx.log(
      `ceiling: ${ceiling.received}/${ceiling.sent} received, p99 ${round(ceiling.p99Ms)} ms (the journey crosses the log three times)`,
    );
    // The runner's ctx.emit() knows only the shared fields; this figure carries the offered rate too.
    const line = {
      bench: 'bopis-journey',
      ops_per_s: round(opsPerS),
      p99_ms: round(percentile(latencies, 99)),
      offered_per_s: RATE,
      ceiling: `log-round-trip@${RATE}/s`,
      ceiling_ops_per_s: round(ceiling.opsPerS),
      ratio: ceiling.opsPerS ? round(opsPerS / ceiling.opsPerS, 3) : null,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await Promise.allSettled([fulfilment.stop(), inventory.stop()]);
    for (const schema of Object.values(schemas))
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end();
  }
}

module.exports = { name: 'fulfilment', run };
