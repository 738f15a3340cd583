// The flash-sale checkout: CLIENTS shops at once on one hot SKU at one store, each doing what a shop
// does at checkout, again and again: hold 1 unit (inventory), place an order carrying the hold
// (orders; a fresh hold orders has not heard of yet answers `pending`: wait for the order, never re-send),
// and wait until the order is allocated (its timeline has the `allocated` step), through the real
// saga (fulfilment sources it, inventory converts the hold into the allocation).
//   flash-sale-sellout: 100 units; every client stops at its first sold-out; the figure is checkouts/s
//     until the last allocation, and nothing may be oversold.
//   flash-sale-steady: 10,000 units, so nothing sells out; checkouts/s over a fixed STEADY_S seconds.
// Each figure: whole checkout and each phase p50/p99, refusals by reason (problem type), oversold
// (from stock_levels, the ledger, holds and allocations), and where the time goes between the
// services (hop by hop, from the outbox, inbox and timeline timestamps in the bench database).
// Ratio: checkouts/s to ceiling (a), one-row conditional UPDATEs on one hot row (pg-hot-row-update).
'use strict';

const { lyonStoreBody } = require('./fixtures');
const os = require('node:os');
const { randomUUID } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const { api } = require('./http');
const { processTreeCpuMs } = require('./cpu');
const { statementsOf, perOperation } = require('./statements');
const { percentile, round } = require('./stats');

const CLIENTS = Number(process.env.FLASH_SALE_CLIENTS ?? 64);
const SELLOUT_UNITS = 100;
const STEADY_UNITS = 10_000;
const STEADY_S = Number(process.env.FLASH_SALE_STEADY_S ?? 20);
const WARMUP_S = 5;
const STORE = 'FLASH-1';
// A shop waits for its order with a conditional read that orders holds until the order changes
// (`If-None-Match` with the last ETag, `Prefer: wait`), instead of polling: a request per change.
const WAIT_S = 10;
const CHECKOUT_TIMEOUT_MS = 60_000;

const ALLOCATED_LINE = new Set(['allocated', 'in_fulfilment']);

/** One JSON call; answers {status, body, ms}. A network error is status 0. */
async function call(url, token, method, path, body, headers = {}) {
  const began = performance.now();
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { raw: text };
    }
    return { status: res.status, body: parsed, etag: res.headers.get('etag'), ms: performance.now() - began };
  } catch (error) {
    return {
      status: 0,
      body: { type: `network:${error.cause?.code ?? error.message}` },
      ms: performance.now() - began,
    };
  }
}

const refusalOf = (phase, res) =>
  `${phase}:${res.status}:${(res.body?.type ?? '').replace('urn:omni:problem:', '') || 'none'}`;

/** One shopper's checkout. Answers {ok, refusal?, soldOut?, hold, place, wait, total, pending, orderId}. */
async function checkout({ services, token, sku, customer, onHold }) {
  const began = performance.now();
  const hold = await call(
    services.inventory.url,
    token,
    'POST',
    '/v1/holds',
    { channel: 'web', lines: [{ sku, qty: 1, locationId: STORE }], ttlSeconds: 900 },
    { 'idempotency-key': randomUUID() },
  );
  const held = performance.now();
  if (hold.status !== 201)
    return {
      ok: false,
      refusal: refusalOf('hold', hold),
      soldOut: hold.body?.type === 'urn:omni:problem:insufficient-stock',
      hold: hold.ms,
    };
  onHold(hold.body.id);
  const body = {
    channel: 'web',
    customer: { id: customer, email: 'flash@example.com' },
    holdId: hold.body.id,
    lines: [{ sku, qty: 1, unitPrice: 4999, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE } }],
  };
  const placed = await call(services.orders.url, token, 'POST', '/v1/orders', body, {
    'idempotency-key': randomUUID(),
  });
  const answered = performance.now();
  if (placed.status !== 201) return { ok: false, refusal: refusalOf('place', placed), hold: hold.ms, place: placed.ms };
  const orderId = placed.body.id;
  const pending = placed.body.status === 'pending';
  let order = placed.body;
  let polls = 0;
  let etag = null;
  for (;;) {
    if (order.timeline?.some((t) => t.step === 'allocated') || order.lines?.every((l) => ALLOCATED_LINE.has(l.status)))
      break;
    if (
      order.status === 'rejected' ||
      order.lines?.some((l) => l.status === 'unfulfillable' || l.status === 'rejected')
    ) {
      const reason = order.lines?.find((l) => l.statusReason)?.statusReason ?? order.status;
      return {
        ok: false,
        refusal: `wait:${order.status}:${reason.slice(0, 80)}`,
        hold: hold.ms,
        place: placed.ms,
        orderId,
      };
    }
    if (performance.now() - answered > CHECKOUT_TIMEOUT_MS)
      return { ok: false, refusal: 'wait:timeout', hold: hold.ms, place: placed.ms, orderId };
    polls += 1;
    // The placement's answer carries no ETag: the first read is plain, every later one waits for a change.
    const conditional = etag ? { 'if-none-match': etag, prefer: `wait=${WAIT_S}` } : {};
    const res = await call(services.orders.url, token, 'GET', `/v1/orders/${orderId}`, undefined, conditional);
    if (res.status === 200) [order, etag] = [res.body, res.etag];
    else if (res.status !== 304) await sleep(100); // a failed read (a restart): try again shortly
  }
  const done = performance.now();
  return {
    ok: true,
    orderId,
    pending,
    polls,
    hold: held - began,
    place: answered - held,
    wait: done - answered,
    total: done - began,
  };
}

/** CLIENTS shoppers, each checking out again and again until `stop()` says so (given its last result); `onHold` hears of each hold taken. */
async function shoppers({ services, token, sku, stop, onHold = () => {} }) {
  const results = [];
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; ; n++) {
        const result = {
          ...(await checkout({ services, token, sku, customer: `flash-${client}-${n}`, onHold })),
          endedAt: performance.now() - began,
        };
        results.push(result);
        if (stop(result, performance.now() - began)) return;
      }
    }),
  );
  return { results, elapsedMs: performance.now() - began };
}

/** Units promised beyond the stock, and any disagreement between the ledger, the level and its holds and allocations. */
async function oversold(db, schema, sku) {
  const { rows } = await db.query(
    `SELECT l.on_hand, l.reserved, l.safety_stock, l.damaged,
            (SELECT COALESCE(SUM(on_hand_delta), 0)::int FROM ${schema}.stock_movements m WHERE m.sku = l.sku AND m.location_id = l.location_id) AS ledger,
            (SELECT COALESCE(SUM(reserved), 0)::int FROM ${schema}.hold_lines h WHERE h.sku = l.sku AND h.location_id = l.location_id) AS held,
            (SELECT COALESCE(SUM(reserved), 0)::int FROM ${schema}.allocations a WHERE a.sku = l.sku AND a.location_id = l.location_id AND a.status = 'allocated') AS allocated,
            (SELECT COALESCE(SUM(qty), 0)::int FROM ${schema}.allocations a WHERE a.sku = l.sku AND a.location_id = l.location_id) AS allocated_ever
     FROM ${schema}.stock_levels l WHERE l.sku = $1 AND l.location_id = $2`,
    [sku, STORE],
  );
  const r = rows[0];
  const sellable = r.on_hand - r.safety_stock - r.damaged;
  return {
    oversold:
      Math.max(0, r.reserved - sellable) +
      Math.max(0, r.allocated_ever - r.on_hand) +
      Math.abs(r.on_hand - r.ledger) +
      Math.abs(r.reserved - r.held - r.allocated),
    facts: r,
  };
}

/**
 * When each hold reached orders' view (known_holds has no timestamp of its own): sampled every
 * SAMPLE_MS on the database's clock, until `stop()`. Only the holds handed to shoppers (`expect`)
 * and not seen yet are looked up, by primary key, so the sampling weighs little on the run it
 * measures. Answers hold id -> first seen (ms since epoch).
 */
const SAMPLE_MS = 25;
function sampleKnownHolds(db, schema) {
  const seen = new Map();
  const awaited = new Set();
  let running = true;
  const done = (async () => {
    while (running) {
      if (awaited.size) {
        const { rows } = await db.query(
          `SELECT id, extract(epoch FROM clock_timestamp()) * 1000 AS at FROM ${schema}.known_holds WHERE id = ANY($1::text[])`,
          [[...awaited]],
        );
        for (const r of rows) {
          seen.set(r.id, Number(r.at));
          awaited.delete(r.id);
        }
      }
      await sleep(SAMPLE_MS);
    }
  })();
  return {
    expect: (holdId) => awaited.add(holdId),
    stop: async () => ((running = false), await done, seen),
  };
}

/**
 * Where a checkout's time goes, hop by hop, from the Postgres timestamps each service writes (one
 * clock): an outbox row's created_at is its transaction's start and sent_at when the relay marked it
 * sent; an inbox row's received_at is the consuming transaction's start. Per order of `sku`, in ms.
 */
async function hops(db, s, sku, knownAt = new Map()) {
  const { rows } = await db.query(
    `WITH o AS (
       SELECT o.id, o.hold_id, o.placed_at AS order_at,
              (SELECT min(t.occurred_at) FROM ${s.orders}.order_timeline t WHERE t.order_id = o.id AND t.step = 'placed') AS placed_at
       FROM ${s.orders}.orders o JOIN ${s.orders}.order_lines l ON l.order_id = o.id WHERE l.sku = $1
     ),
     h AS (SELECT h.id::text AS hold_id, h.created_at AS hold_at, x.sent_at AS hold_sent
           FROM ${s.inventory}.holds h JOIN ${s.inventory}.outbox x ON x.aggregateid = h.id::text AND x.type = 'inventory.hold-snapshot'
           WHERE x.seq = (SELECT min(seq) FROM ${s.inventory}.outbox y WHERE y.aggregateid = h.id::text AND y.type = 'inventory.hold-snapshot'))
     SELECT o.hold_id,
       extract(epoch FROM h.hold_sent) * 1000 AS hold_sent_ms,
       extract(epoch FROM o.placed_at) * 1000 AS placed_ms,
       extract(epoch FROM h.hold_sent - h.hold_at) * 1000 AS hold_relayed,
       extract(epoch FROM o.order_at - h.hold_sent) * 1000 AS hold_sent_to_order_posted,
       extract(epoch FROM o.placed_at - greatest(o.order_at, h.hold_sent)) * 1000 AS placed_after_both,
       extract(epoch FROM op.sent_at - op.created_at) * 1000 AS placed_relayed,
       extract(epoch FROM fi.received_at - op.sent_at) * 1000 AS to_fulfilment,
       extract(epoch FROM ar.sent_at - ar.created_at) * 1000 AS fulfilment_handled_relayed,
       extract(epoch FROM ii.received_at - ar.sent_at) * 1000 AS to_inventory,
       extract(epoch FROM al.sent_at - al.created_at) * 1000 AS inventory_handled_relayed,
       extract(epoch FROM oi.received_at - al.sent_at) * 1000 AS to_orders,
       extract(epoch FROM oi.received_at - o.order_at) * 1000 AS posted_to_allocated
     FROM o
     JOIN h ON h.hold_id = o.hold_id
     JOIN ${s.orders}.outbox op ON op.aggregateid = o.id AND op.type = 'orders.order-placed'
     JOIN ${s.fulfilment}.inbox fi ON fi.event_id = op.id
     JOIN ${s.fulfilment}.outbox ar ON ar.aggregateid = o.id AND ar.type = 'fulfilment.allocation-requested'
     JOIN ${s.inventory}.inbox ii ON ii.event_id = ar.id
     JOIN ${s.inventory}.outbox al ON al.aggregateid = o.id AND al.type = 'inventory.allocated'
     JOIN ${s.orders}.inbox oi ON oi.event_id = al.id`,
    [sku],
  );
  for (const r of rows) {
    const known = knownAt.get(r.hold_id);
    r.hold_sent_to_known_in_orders = known === undefined ? null : known - Number(r.hold_sent_ms);
    r.known_in_orders_to_placed = known === undefined ? null : Number(r.placed_ms) - known;
    delete r.hold_id;
    delete r.hold_sent_ms;
    delete r.placed_ms;
  }
  const legs = {};
  for (const key of rows.length ? Object.keys(rows[0]) : []) {
    const values = rows.map((r) => (r[key] === null ? NaN : Number(r[key]))).filter(Number.isFinite);
    legs[key] = `${round(percentile(values, 50))}/${round(percentile(values, 99))}`;
  }
  return { orders: rows.length, legs };
}

function summarise(results) {
  const ok = results.filter((r) => r.ok);
  const refusals = {};
  for (const r of results) if (!r.ok) refusals[r.refusal] = (refusals[r.refusal] ?? 0) + 1;
  const p = (key, q) =>
    round(
      percentile(
        ok.map((r) => r[key]),
        q,
      ),
    );
  return {
    ok,
    refusals,
    pending: ok.filter((r) => r.pending).length,
    polls: ok.reduce((sum, r) => sum + r.polls, 0),
    figures: Object.fromEntries(
      ['total', 'hold', 'place', 'wait'].flatMap((k) => [
        [`${k}_p50_ms`, p(k, 50)],
        [`${k}_p99_ms`, p(k, 99)],
      ]),
    ),
  };
}

async function stockAndWait(ctx, system, admin, sku, units) {
  const { services, db } = system;
  await api(services.inventory.url, admin, 'POST', '/v1/stock/movements', {
    sku,
    locationId: STORE,
    type: 'receipt',
    quantity: units,
  });
  // Orders refuses a SKU it has not seen on inventory's stock-levels changelog; fulfilment sources from its stock view.
  for (const until = Date.now() + 60_000; ; await sleep(100)) {
    const known = (await db.query(`SELECT 1 FROM ${services.orders.schema}.known_skus WHERE sku = $1`, [sku])).rowCount;
    const positioned = (
      await db.query(
        `SELECT 1 FROM ${services.fulfilment.schema}.stock_positions WHERE sku = $1 AND location_id = $2`,
        [sku, STORE],
      )
    ).rowCount;
    if (known && positioned) return;
    if (Date.now() > until) throw new Error(`flash-sale: orders or fulfilment never heard of ${sku}`);
  }
}

async function setUp(ctx, system, admin) {
  const { services, db } = system;
  await api(services.inventory.url, admin, 'PUT', `/v1/locations/${STORE}`, lyonStoreBody('Flash sale store'));
  for (const until = Date.now() + 60_000; ; await sleep(100)) {
    const inOrders = (await db.query(`SELECT 1 FROM ${services.orders.schema}.known_locations WHERE id = $1`, [STORE]))
      .rowCount;
    const inFulfilment = (
      await db.query(`SELECT 1 FROM ${services.fulfilment.schema}.locations WHERE id = $1`, [STORE])
    ).rowCount;
    if (inOrders && inFulfilment) return;
    if (Date.now() > until) throw new Error('flash-sale: orders or fulfilment never heard of the store');
  }
}

const cpuOf = (services) =>
  Object.fromEntries(Object.entries(services).map(([name, s]) => [name, processTreeCpuMs(s.child.pid)]));

async function figure(ctx, system, { bench, sku, units, stop, ceiling }) {
  const { services, db } = system;
  const schemas = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.schema]));
  const [load1Before] = os.loadavg();
  const cpuBefore = cpuOf(services);
  const statementsBefore = await statementsOf(services, system.admin);
  const sampler = sampleKnownHolds(db, schemas.orders);
  const { results, elapsedMs } = await shoppers({ services, token: system.web, sku, stop, onHold: sampler.expect });
  const cpuAfter = cpuOf(services);
  const statementsAfter = await statementsOf(services, system.admin);
  const knownAt = await sampler.stop();
  const [load1After] = os.loadavg();
  const { ok, refusals, pending, polls, figures } = summarise(results);
  // Sold out: the sale lasted until its last allocation; steady: the fixed window.
  const seconds = bench === 'flash-sale-sellout' ? Math.max(...ok.map((r) => r.endedAt), 1) / 1000 : elapsedMs / 1000;
  const checkoutsPerS = ok.length / seconds;
  const { oversold: over, facts } = await oversold(db, schemas.inventory, sku);
  const where = await hops(db, schemas, sku, knownAt);
  const cpu = Object.fromEntries(
    Object.keys(services).map((name) => [
      name,
      ok.length ? round(((cpuAfter[name] - cpuBefore[name]) * 1000) / ok.length, 0) : null,
    ]),
  );
  ctx.log(
    `${bench}: ${ok.length} checkouts in ${round(seconds, 2)} s (${pending} answered pending first); refusals ${JSON.stringify(refusals)}`,
  );
  ctx.log(`${bench}: stock ${JSON.stringify(facts)}`);
  const statements = perOperation(statementsBefore, statementsAfter, ok.length);
  ctx.log(`${bench}: service CPU per checkout (µs) ${JSON.stringify(cpu)}`);
  ctx.log(`${bench}: statements per checkout ${JSON.stringify(statements)}`);
  ctx.log(`${bench}: hops p50/p99 ms over ${where.orders} orders: ${JSON.stringify(where.legs)}`);
  const line = {
    bench,
    clients: CLIENTS,
    units,
    checkouts: ok.length,
    seconds: round(seconds, 2),
    ops_per_s: round(checkoutsPerS),
    p99_ms: figures.total_p99_ms,
    ...figures,
    pending_first: pending,
    polls_per_checkout: ok.length ? round(polls / ok.length, 1) : null,
    refusals,
    statements_per_checkout: statements,
    oversold: over,
    ceiling: 'pg-hot-row-update',
    ceiling_ops_per_s: round(ceiling.opsPerS),
    ratio: ceiling.opsPerS ? round(checkoutsPerS / ceiling.opsPerS, 4) : null,
    load1: [round(load1Before, 2), round(load1After, 2)],
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** `system` from startSystem (inventory, orders and fulfilment at least). */
async function flashSale(ctx, system) {
  const admin = ctx.mintToken({ role: 'admin' });
  system.admin = admin;
  // One shop front: every hold and order by the same principal (channel:web), which owns its holds.
  system.web = ctx.mintToken({ role: 'channel', channel: 'web' });
  const ceiling = await ctx.ceiling('pg-hot-row-update');
  await setUp(ctx, system, admin);
  const run = randomUUID().slice(0, 6).toUpperCase();

  // A running shop has its paths compiled and its pools full: checkouts on another SKU, unmeasured.
  const warm = `FLASH-WARM-${run}`;
  await stockAndWait(ctx, system, admin, warm, STEADY_UNITS);
  ctx.log(`flash-sale: warming up, ${CLIENTS} clients for ${WARMUP_S} s`);
  await shoppers({ services: system.services, token: system.web, sku: warm, stop: (_r, ms) => ms > WARMUP_S * 1000 });
  await sleep(2000);

  if (ctx.wants('flash-sale') || ctx.wants('flash-sale-sellout')) {
    const sku = `FLASH-${run}`;
    await stockAndWait(ctx, system, admin, sku, SELLOUT_UNITS);
    ctx.log(`flash-sale-sellout: ${CLIENTS} clients, ${SELLOUT_UNITS} units of one SKU at one store`);
    await figure(ctx, system, {
      bench: 'flash-sale-sellout',
      sku,
      units: SELLOUT_UNITS,
      ceiling,
      stop: (r, ms) => r.soldOut || ms > 120_000,
    });
  }
  if (ctx.wants('flash-sale') || ctx.wants('flash-sale-steady')) {
    const sku = `FLASH-STEADY-${run}`;
    await stockAndWait(ctx, system, admin, sku, STEADY_UNITS);
    ctx.log(`flash-sale-steady: ${CLIENTS} clients, ${STEADY_UNITS} units, for ${STEADY_S} s`);
    await figure(ctx, system, {
      bench: 'flash-sale-steady',
      sku,
      units: STEADY_UNITS,
      ceiling,
      stop: (r, ms) => r.soldOut || ms > STEADY_S * 1000,
    });
  }
}

module.exports = { flashSale };
