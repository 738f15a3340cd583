// Inventory figures: holds on one hot row and spread over 500k rows, batch availability reads, and
// how fast a POS sale reaches an SSE subscriber, on the selling replica and on a second one. Runs the
// built service against the bench database in a schema of its own (dropped afterwards) and topics of
// its own (prefix).
'use strict';

const { randomBytes, randomUUID } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const { Client } = require('pg');
const { api, client: httpClient } = require('./lib/http');
const { load } = require('./lib/load');
const { openLoop } = require('./lib/open-loop');
const { percentile } = require('./lib/stats');
const { benchPort } = require('./lib/service');

const PORT = benchPort(3901);
const REPLICA_PORT = benchPort(3911);
const SECONDS = 10;
const WARMUP_SECONDS = 5;
const CONNECTIONS = 64;
const LOCATIONS = 50;
const UNIFORM_SKUS = 10_000;
const FRESHNESS_SKUS = 100;
// The offered rate: half the POS sale capacity measured in the same run, at most FRESHNESS_MAX_RATE
// (a fixed rate saturates a slower box, and then the figure measures the queue, not the push).
const FRESHNESS_MAX_RATE = 500;
const SALE_CAPACITY_S = 3;
const SALE_CAPACITY_CLIENTS = 64;

const locationId = (i) => `L${String(i).padStart(2, '0')}`;
const skuId = (i) => `U${String(i).padStart(5, '0')}`;
const pick = (n) => Math.floor(Math.random() * n);

/** Levels and their receipts in one statement each, so on_hand still equals the ledger. */
async function seedLevels(db, skus, locations, onHand) {
  const pairs = `SELECT s.sku, l.id AS location_id FROM unnest($1::text[]) AS s(sku) CROSS JOIN unnest($2::text[]) AS l(id)`;
  await db.query(`INSERT INTO stock_levels (sku, location_id, on_hand) SELECT sku, location_id, $3 FROM (${pairs}) p`, [
    skus,
    locations,
    onHand,
  ]);
  await db.query(
    `INSERT INTO stock_movements (sku, location_id, type, quantity, on_hand_delta, reason) SELECT sku, location_id, 'receipt', $3, $3, 'bench seed' FROM (${pairs}) p`,
    [skus, locations, onHand],
  );
  await db.query('ANALYZE stock_levels');
}

/** Units promised beyond what was sellable, plus any disagreement between holds and levels, for skus LIKE `pattern`. */
async function oversold(db, pattern) {
  const { rows } = await db.query(
    `SELECT COALESCE(SUM(GREATEST(0, reserved - (on_hand - safety_stock - damaged))), 0)::int AS beyond,
            COALESCE(SUM(reserved), 0)::int AS reserved,
            (SELECT COALESCE(SUM(reserved), 0)::int FROM hold_lines WHERE sku LIKE $1) AS held
     FROM stock_levels WHERE sku LIKE $1`,
    [pattern],
  );
  return rows[0].beyond + Math.abs(rows[0].reserved - rows[0].held);
}

/**
 * The load on the service for WARMUP_SECONDS unmeasured, then for SECONDS measured (with the
 * service's CPU): a running replica has its paths compiled, its pools full and (for availability)
 * its read model acquainted with the catalogue.
 */
async function warmThenLoad(ctx, svc, spec) {
  ctx.log(`warming up for ${WARMUP_SECONDS} s`);
  await load({ ...spec, url: svc.url, seconds: WARMUP_SECONDS });
  return load({ ...spec, url: svc.url, serverPid: svc.child.pid, seconds: SECONDS });
}

async function holdHotSku(ctx, svc, tokens, db) {
  await api(svc.url, tokens.admin, 'POST', '/v1/stock/movements', {
    sku: 'HOT',
    locationId: locationId(0),
    type: 'receipt',
    quantity: 1_000_000,
  });
  ctx.log('hold-hot-sku: 64 clients holding 1 unit of one sku x location');
  const result = await warmThenLoad(ctx, svc, {
    connections: CONNECTIONS,
    method: 'POST',
    path: '/v1/holds',
    headers: { authorization: `Bearer ${tokens.web}` },
    headersFor: () => ({ 'idempotency-key': randomUUID() }),
    body: () => ({ channel: 'web', lines: [{ sku: 'HOT', qty: 1, locationId: locationId(0) }], ttlSeconds: 14_400 }),
  });
  ctx.log(`hold-hot-sku statuses ${JSON.stringify(result.statuses)}`);
  const a = await ctx.ceiling('pg-hot-row-update');
  ctx.emit({
    bench: 'hold-hot-sku',
    opsPerS: result.opsPerS,
    cpuUsPerOp: result.cpuUsPerOp,
    p99Ms: result.p99Ms,
    ceiling: 'pg-hot-row-update',
    ceilingOpsPerS: a.opsPerS,
    oversold: await oversold(db, 'HOT'),
  });
}

async function holdUniform(ctx, svc, tokens, db) {
  ctx.log('hold-uniform: 64 clients holding 1 unit of a random sku x location');
  const result = await warmThenLoad(ctx, svc, {
    connections: CONNECTIONS,
    method: 'POST',
    path: '/v1/holds',
    headers: { authorization: `Bearer ${tokens.web}` },
    headersFor: () => ({ 'idempotency-key': randomUUID() }),
    body: () => ({
      channel: 'web',
      lines: [{ sku: skuId(pick(UNIFORM_SKUS)), qty: 1, locationId: locationId(pick(LOCATIONS)) }],
      ttlSeconds: 14_400,
    }),
  });
  ctx.log(`hold-uniform statuses ${JSON.stringify(result.statuses)}`);
  const a = await ctx.ceiling('pg-hot-row-update');
  ctx.emit({
    bench: 'hold-uniform',
    opsPerS: result.opsPerS,
    cpuUsPerOp: result.cpuUsPerOp,
    p99Ms: result.p99Ms,
    ceiling: 'pg-hot-row-update',
    ceilingOpsPerS: a.opsPerS,
    oversold: await oversold(db, 'U%'),
  });
}

async function availabilityBatch20(ctx, svc, tokens) {
  const body = () => ({ channel: 'web', skus: Array.from({ length: 20 }, () => skuId(pick(UNIFORM_SKUS))) });
  const spec = {
    connections: CONNECTIONS,
    method: 'POST',
    path: '/v1/availability/query',
    headers: { authorization: `Bearer ${tokens.web}` },
    body,
  };
  ctx.log('availability-batch20: 64 clients querying 20 random skus');
  const result = await warmThenLoad(ctx, svc, spec);
  ctx.log(`availability-batch20 statuses ${JSON.stringify(result.statuses)}`);
  const b = await ctx.ceiling('nest-bare-get');
  const onFastify = await ctx.ceiling('nest-bare-get-fastify');
  const floor = await ctx.ceiling('node-http-get');
  ctx.emit({
    bench: 'availability-batch20',
    opsPerS: result.opsPerS,
    cpuUsPerOp: result.cpuUsPerOp,
    p99Ms: result.p99Ms,
    ceiling: 'nest-bare-get',
    ceilingOpsPerS: b.opsPerS,
    ceilingCpuUsPerOp: b.cpuUsPerOp,
  });
  ctx.log(
    `availability-batch20: the bare GET on Fastify did ${Math.round(onFastify.opsPerS)}/s (ratio ${(result.opsPerS / onFastify.opsPerS).toFixed(3)}), ` +
      `${Math.round(onFastify.cpuUsPerOp)} µs of CPU per request (CPU ratio ${(onFastify.cpuUsPerOp / result.cpuUsPerOp).toFixed(3)})`,
  );
  // How close to the floor: the same figure against node:http answering a constant.
  ctx.emit({
    bench: 'availability-batch20-vs-node',
    opsPerS: result.opsPerS,
    cpuUsPerOp: result.cpuUsPerOp,
    p99Ms: result.p99Ms,
    ceiling: 'node-http-get',
    ceilingOpsPerS: floor.opsPerS,
    ceilingCpuUsPerOp: floor.cpuUsPerOp,
  });

  // The latency a shop sees at a steady half of that maximum, requests on a clock (closed-loop clients hide queueing).
  const rate = result.opsPerS / 2;
  ctx.log(
    `availability-open-loop: 20 random skus per query at ${Math.round(rate)}/s (half the maximum) for ${SECONDS} s`,
  );
  const http = httpClient(svc.url, 256);
  const headers = { authorization: `Bearer ${tokens.web}` };
  const send = () => http.request('POST', '/v1/availability/query', headers, body());
  try {
    await openLoop({ rate, seconds: WARMUP_SECONDS, send });
    const open = await openLoop({ rate, seconds: SECONDS, send, serverPid: svc.child.pid });
    ctx.log(`availability-open-loop statuses ${JSON.stringify(open.statuses)}`);
    ctx.emit({
      bench: 'availability-open-loop',
      opsPerS: open.opsPerS,
      cpuUsPerOp: open.cpuUsPerOp,
      p99Ms: open.p99Ms,
      ceiling: 'availability-batch20-max',
      ceilingOpsPerS: result.opsPerS,
    });
  } finally {
    http.close();
  }
}

/** Reads an SSE response, calling onEvent(type, data) per frame, until the signal aborts. */
async function readSse(url, token, signal, onEvent) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (res.status !== 200) throw new Error(`stream answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: ?(.*)$/m.exec(frame)?.[1] ?? 'message';
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.replace(/^data: ?/, ''))
            .join('\n');
          onEvent(type, data ? JSON.parse(data) : undefined);
        }
      }
    } catch {
      // aborted
    }
  })();
}

/**
 * An SSE subscriber on `url` measuring, per sale, from sending it to the push carrying the figure it
 * produced. A push that coalesced two sales of a sku carries only the second figure: the first is
 * never seen and counts as the time waited.
 */
async function subscriber(url, token, skus) {
  const pending = new Map(); // `${sku}|${available}` -> sent at (ms)
  const latencies = [];
  const abort = new AbortController();
  const sub = {
    warm: false,
    pending,
    latencies,
    expect: (key, sentAt) => pending.set(key, sentAt),
    reset: () => {
      pending.clear();
      latencies.length = 0;
    },
    close: () => abort.abort(),
  };
  await readSse(`${url}/v1/availability/stream?skus=${skus.join(',')}`, token, abort.signal, (type, data) => {
    if (type !== 'availability') return;
    sub.warm = true;
    const key = `${data.sku}|${data.available}`;
    const sentAt = pending.get(key);
    if (sentAt === undefined) return;
    pending.delete(key);
    latencies.push(performance.now() - sentAt);
  });
  return sub;
}

/**
 * POS sales at half the sale capacity measured just before (at most 500/s), round-robin over 100 skus,
 * sold on `svc`, each measured to the SSE push on `svc` itself (`freshness`: the replica's own change,
 * pushed at its commit) and on `other`, a second replica (`freshness-other-replica`: through the topic).
 */
async function freshness(ctx, svc, other, tokens, db) {
  const skus = Array.from({ length: FRESHNESS_SKUS }, (_, i) => `F${String(i).padStart(3, '0')}`);
  const start = 100_000;
  await seedLevels(db, skus, [locationId(0)], start);
  const subscribers = {
    freshness: await subscriber(svc.url, tokens.pos, skus),
    'freshness-other-replica': await subscriber(other.url, tokens.pos, skus),
  };
  const all = Object.values(subscribers);
  const reset = () => all.forEach((sub) => sub.reset());
  const next = new Map(skus.map((s) => [s, start]));
  const http = httpClient(svc.url);
  const answered = []; // the sale's own HTTP round trip, to tell the write path from the push path
  const sell = async (sku) => {
    const available = next.get(sku) - 1;
    next.set(sku, available);
    const sentAt = performance.now();
    for (const sub of all) sub.expect(`${sku}|${available}`, sentAt);
    const status = await http.request(
      'POST',
      '/v1/stock/movements',
      { authorization: `Bearer ${tokens.pos}` },
      { sku, locationId: locationId(0), type: 'sale', quantity: 1 },
    );
    answered.push(performance.now() - sentAt);
    return status === 201;
  };
  const waiting = () => all.some((sub) => sub.pending.size);
  // The live consumers join their groups in the background: sell until the first change reaches both.
  const warmUntil = Date.now() + 60000;
  while (!all.every((sub) => sub.warm) && Date.now() < warmUntil) {
    await sell(skus[0]);
    await sleep(300);
  }
  if (!all.every((sub) => sub.warm)) throw new Error('freshness: no SSE event on both replicas within 60 s');
  await sleep(500);
  reset();
  answered.length = 0;

  // The sale capacity: SALE_CAPACITY_CLIENTS closed-loop tills for SALE_CAPACITY_S on the same skus.
  let capacitySales = 0;
  const capacityBegan = performance.now();
  await Promise.all(
    Array.from({ length: SALE_CAPACITY_CLIENTS }, async (_, c) => {
      for (let i = c; performance.now() - capacityBegan < SALE_CAPACITY_S * 1000; i += SALE_CAPACITY_CLIENTS)
        if (await sell(skus[i % FRESHNESS_SKUS])) capacitySales += 1;
    }),
  );
  const capacity = capacitySales / ((performance.now() - capacityBegan) / 1000);
  const FRESHNESS_RATE = Math.min(FRESHNESS_MAX_RATE, capacity / 2);
  while (waiting() && Date.now() < warmUntil) await sleep(50);
  reset();
  answered.length = 0;

  ctx.log(
    `freshness: POS sale capacity ${Math.round(capacity)}/s; POS sales at ${Math.round(FRESHNESS_RATE)}/s for ${SECONDS} s, an SSE subscriber on ${FRESHNESS_SKUS} skus on the selling replica and one on another`,
  );
  const sales = [];
  const began = performance.now();
  let sent = 0;
  while (performance.now() - began < SECONDS * 1000) {
    const due = Math.floor(((performance.now() - began) / 1000) * FRESHNESS_RATE);
    for (; sent < due; sent++) sales.push(sell(skus[sent % FRESHNESS_SKUS]));
    await sleep(5);
  }
  const ok = (await Promise.all(sales)).filter(Boolean).length;
  const elapsed = (performance.now() - began) / 1000;
  const waitUntil = Date.now() + 10000;
  while (waiting() && Date.now() < waitUntil) await sleep(50);
  const now = performance.now();
  all.forEach((sub) => sub.close());
  http.close();
  ctx.log(
    `freshness: ${ok}/${sent} sales accepted; the sale's own answer p50 ${percentile(answered, 50)?.toFixed(1)} ms, p99 ${percentile(answered, 99)?.toFixed(1)} ms`,
  );
  for (const [bench, sub] of Object.entries(subscribers)) {
    const missing = [...sub.pending.values()].map((sentAt) => now - sentAt);
    ctx.log(`${bench}: ${sub.latencies.length} pushes matched, ${missing.length} never seen`);
    // The ratio is the offered rate's share of the sale capacity (0.5 unless capped at FRESHNESS_MAX_RATE).
    ctx.emit({
      bench,
      opsPerS: ok / elapsed,
      p99Ms: percentile([...sub.latencies, ...missing], 99),
      ceiling: 'pos-sale-capacity',
      ceilingOpsPerS: capacity,
    });
  }
}

async function run(ctx) {
  const suffix = randomBytes(3).toString('hex');
  const schema = `inventory_bench_${suffix}`;
  const spec = {
    main: 'dist/apps/inventory/src/main.js',
    port: PORT,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: ctx.databaseUrl,
      DATABASE_SCHEMA: schema,
      KAFKA_BROKERS: ctx.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: `bench${suffix}.`,
      KAFKA_GROUP_ID: `inventory-bench-${suffix}`,
      JWT_SECRET: ctx.jwtSecret,
    },
  };
  const svc = await ctx.startService(spec);
  const db = new Client({ connectionString: ctx.databaseUrl, options: `-c search_path=${schema}` });
  await db.connect();
  try {
    const tokens = {
      admin: ctx.mintToken({ sub: 'bench-admin', role: 'admin' }),
      web: ctx.mintToken({ sub: 'bench-web', role: 'channel', channel: 'web' }),
      pos: ctx.mintToken({ sub: 'bench-pos', role: 'store', locations: [locationId(0)] }),
    };
    for (let i = 0; i < LOCATIONS; i++) {
      await api(svc.url, tokens.admin, 'PUT', `/v1/locations/${locationId(i)}`, {
        type: 'store',
        name: `Bench store ${i}`,
        address: { line1: `${i} bench street`, city: 'Lyon', postalCode: '69001', country: 'FR' },
        lat: 45.75 + i / 100,
        lng: 4.85 + i / 100,
        timezone: 'Europe/Paris',
        capabilities: ['sells_in_store', 'bopis', 'ship_from_store'],
        active: true,
      });
    }
    if (ctx.wants('hold-hot-sku')) await holdHotSku(ctx, svc, tokens, db);
    // The uniform levels are also what availability-batch20 reads.
    ctx.log(`seeding ${UNIFORM_SKUS} skus x ${LOCATIONS} locations`);
    await seedLevels(
      db,
      Array.from({ length: UNIFORM_SKUS }, (_, i) => skuId(i)),
      Array.from({ length: LOCATIONS }, (_, i) => locationId(i)),
      1000,
    );
    if (ctx.wants('hold-uniform')) await holdUniform(ctx, svc, tokens, db);
    if (ctx.wants('availability-batch20')) await availabilityBatch20(ctx, svc, tokens);
    if (ctx.wants('freshness')) {
      // A second replica (same schema, group and topics) for the push that comes through the topic.
      const other = await ctx.startService({ ...spec, port: REPLICA_PORT });
      try {
        await freshness(ctx, svc, other, tokens, db);
      } finally {
        await other.stop();
      }
    }
  } finally {
    await svc.stop();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end();
  }
}

module.exports = { name: 'inventory', run };
