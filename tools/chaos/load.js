// The mixed load, closed loop: web/app shoppers hold stock and order it for pickup (or order it
// shipped), sometimes abandon or cancel; store tills sell over the counter; staff at every location
// pick, pack, mark ready or ship, and hand pickups over with the customer's code; walk-in returns
// are received and inspected. Every creating request carries an Idempotency-Key and is retried
// like a real client (client.js). Every acknowledged (2xx) effect is recorded for the checks.
'use strict';

const { randomBytes } = require('node:crypto');
const { sleep } = require('./lifecycle');
const { STORES, DC, ONLINE_SKUS, TILL_SKUS, ADMIN } = require('./seed');

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const between = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const staffOf = (locationId) => ({
  sub: `staff-${locationId}`,
  role: 'store',
  channel: 'pos',
  locations: [locationId],
});
const SHIP_TO = { line1: '1 Chaos Lane', city: 'London', postalCode: 'W1C 2AB', country: 'GB' };

class Acks {
  constructor() {
    this.holds = new Map(); // key -> { id, principal }
    this.releases = new Map(); // hold id -> key
    this.orders = new Map(); // key -> { id, principal, email, lines: [{ id, sku, qty }], deliveryType, holdId }
    this.movements = new Map(); // key -> { kind: 'sale'|'receipt', sku, locationId, quantity }
    this.cancelledLines = new Map(); // order line id -> order id (the cancel's answer said cancelled)
    this.cancelRequests = new Map(); // order line id -> order id (the cancel's answer said fulfilment decides)
    this.taskSteps = new Map(); // task id -> { orderId, status } (the furthest step answered 2xx)
    this.leftLines = []; // { orderId, orderLineId, sku, qty, taskId }
    this.returns = new Map(); // key -> { id, orderId, orderLineId, locationId }
    this.inspections = new Map(); // return id -> { orderLineId, sku, locationId, qty }
  }
}

class Stats {
  constructor() {
    this.byKind = {};
  }

  note(kind, res) {
    const s = (this.byKind[kind] ??= { ok: 0, refused: 0, gave_up: 0, attempts: 0, retried: 0, statuses: {} });
    s.attempts += res.attempts;
    if (res.attempts > 1) s.retried += 1;
    if (res.gaveUp) s.gave_up += 1;
    else if (res.status >= 200 && res.status < 300) s.ok += 1;
    else s.refused += 1;
    const code = res.gaveUp ? `gave-up:${res.status || res.error}` : String(res.status);
    s.statuses[code] = (s.statuses[code] ?? 0) + 1;
  }
}

const TASK_RANK = { to_pick: 0, to_pack: 1, packed: 2, ready_for_pickup: 3, picked_up: 4, shipped: 4, delivered: 5 };

class Load {
  constructor(cfg, api, codes, lifecycle) {
    this.cfg = cfg;
    this.api = api;
    this.codes = codes;
    this.lifecycle = lifecycle;
    this.run = randomBytes(3).toString('hex');
    this.acks = new Acks();
    this.stats = new Stats();
    this.cancelQueue = [];
    this.returnable = [];
    this.readySince = new Map();
    this.running = false;
    this.workers = [];
  }

  get live() {
    return this.running && !this.lifecycle.aborted;
  }

  async call(kind, service, request) {
    const res = await this.api.call(service, request);
    this.stats.note(kind, res);
    return res;
  }

  start() {
    this.running = true;
    const loop = (name, body) =>
      (async () => {
        for (let n = 0; this.live; n++) {
          try {
            await body(n);
          } catch (error) {
            process.stderr.write(`[chaos] load ${name}: ${error.stack ?? error.message}\n`);
            await sleep(500, this.lifecycle);
          }
        }
      })();
    for (let i = 0; i < this.cfg.shoppers; i++) this.workers.push(loop(`shopper ${i}`, (n) => this.shopper(i, n)));
    for (let i = 0; i < this.cfg.tills; i++) this.workers.push(loop(`till ${i}`, (n) => this.till(i, n)));
    for (const l of [...STORES.map((s) => s.id), DC.id]) this.workers.push(loop(`staff ${l}`, () => this.staff(l)));
    this.workers.push(loop('canceller', () => this.canceller()));
    this.workers.push(loop('returns desk', () => this.returnsDesk()));
    this.workers.push(loop('goods in', (n) => this.goodsIn(n)));
  }

  /** Stops starting new work; what is in flight finishes (each request is bounded by its retry budget). */
  async stop() {
    this.running = false;
    await Promise.race([Promise.all(this.workers), sleep(120_000)]);
  }

  // --- web and app shoppers ------------------------------------------------------------------

  async shopper(i, n) {
    const channel = i % 2 ? 'app' : 'web';
    const caller = { sub: `shopper-${this.run}-${i}-${n}`, role: 'channel', channel };
    const r = Math.random();
    if (r < 0.65) await this.clickAndCollect(caller, channel, r < 0.07);
    else await this.orderShipped(caller, channel);
    await sleep(between(150, 400), this.lifecycle);
  }

  async clickAndCollect(caller, channel, abandon) {
    const store = pick(STORES).id;
    const skus = [...new Set([pick(ONLINE_SKUS), ...(Math.random() < 0.3 ? [pick(ONLINE_SKUS)] : [])])];
    const lines = skus.map((sku) => ({ sku, qty: between(1, 2), locationId: store }));
    const holdKey = `hold-${caller.sub}`;
    const hold = await this.call('hold', 'inventory', {
      path: '/v1/holds',
      caller,
      key: holdKey,
      body: { channel, lines, ttlSeconds: 180 },
    });
    if (hold.status !== 201) return;
    this.acks.holds.set(holdKey, { id: hold.body.id, principal: caller.sub });
    if (abandon) {
      const released = await this.call('hold-release', 'inventory', {
        path: `/v1/holds/${hold.body.id}/release`,
        caller,
      });
      if (released.status === 200) this.acks.releases.set(hold.body.id, holdKey);
      return;
    }
    await this.placeOrder(caller, channel, {
      holdId: hold.body.id,
      lines: lines.map(({ sku, qty }) => ({
        sku,
        qty,
        unitPrice: 1999,
        currency: 'GBP',
        delivery: { type: 'pickup', locationId: store },
      })),
    });
  }

  async orderShipped(caller, channel) {
    const lines = [
      {
        sku: pick(ONLINE_SKUS),
        qty: between(1, 2),
        unitPrice: 2499,
        currency: 'GBP',
        delivery: { type: 'ship', address: SHIP_TO },
      },
    ];
    await this.placeOrder(caller, channel, { lines });
  }

  async placeOrder(caller, channel, { holdId, lines }) {
    const key = `order-${caller.sub}`;
    const email = `${key}@chaos.example`;
    const res = await this.call(holdId ? 'order-pickup' : 'order-ship', 'orders', {
      path: '/v1/orders',
      caller,
      key,
      body: { channel, customer: { id: `customer-${caller.sub}`, email }, ...(holdId ? { holdId } : {}), lines },
      // Orders learns of a hold from inventory's events: "not known (yet)" is worth waiting for, as a client would.
      retryWhile: (reply) => reply.status === 422 && reply.body?.reason === 'not-yours',
      budgetMs: 90_000,
    });
    if (res.status !== 201) return;
    const order = res.body;
    this.acks.orders.set(key, {
      id: order.id,
      principal: caller.sub,
      email,
      holdId: holdId ?? null,
      lines: order.lines.map((l) => ({ id: l.id, sku: l.sku, qty: l.qty })),
    });
    if (Math.random() < 0.15)
      this.cancelQueue.push({ orderId: order.id, caller, due: Date.now() + between(300, 6000) });
  }

  async canceller() {
    const now = Date.now();
    const due = this.cancelQueue.filter((c) => c.due <= now);
    this.cancelQueue = this.cancelQueue.filter((c) => c.due > now);
    for (const c of due) {
      if (!this.live) break;
      const res = await this.call('cancel', 'orders', {
        path: `/v1/orders/${c.orderId}/cancel`,
        caller: c.caller,
        body: { reason: 'the customer changed their mind' },
      });
      // 200: decided at once (a pending order); 202: fulfilment decides each line, which must then be cancelled or refused with its goods gone.
      if (res.status === 200)
        for (const l of res.body.lines ?? [])
          if (l.status === 'cancelled') this.acks.cancelledLines.set(l.id, c.orderId);
      if (res.status === 202)
        for (const l of res.body.lines ?? [])
          if (l.cancellation?.status === 'requested') this.acks.cancelRequests.set(l.id, c.orderId);
    }
    await sleep(250, this.lifecycle);
  }

  // --- tills and goods in ------------------------------------------------------------------------

  async till(i, n) {
    const store = pick(STORES).id;
    const key = `sale-${this.run}-${i}-${n}`;
    const body = { sku: pick(TILL_SKUS), locationId: store, type: 'sale', quantity: between(1, 3), reference: key };
    const res = await this.call('pos-sale', 'inventory', {
      path: '/v1/stock/movements',
      caller: staffOf(store),
      key,
      body,
    });
    if (res.status === 201)
      this.acks.movements.set(key, { kind: 'sale', sku: body.sku, locationId: store, quantity: body.quantity });
    await sleep(between(200, 500), this.lifecycle);
  }

  /** Stores get deliveries of online SKUs, so click-and-collect never runs dry for long. */
  async goodsIn(n) {
    await sleep(2000, this.lifecycle);
    if (!this.live) return;
    const key = `receipt-${this.run}-${n}`;
    const body = {
      sku: pick(ONLINE_SKUS),
      locationId: pick(STORES).id,
      type: 'receipt',
      quantity: 3,
      reason: 'delivery',
      reference: key,
    };
    const res = await this.call('receipt', 'inventory', { path: '/v1/stock/movements', caller: ADMIN, key, body });
    if (res.status === 201) this.acks.movements.set(key, { kind: 'receipt', ...body });
  }

  // --- staff -------------------------------------------------------------------------------------

  async staff(locationId) {
    const caller = staffOf(locationId);
    let worked = 0;
    for (const status of ['to_pick', 'to_pack', 'packed', 'ready_for_pickup']) {
      if (!this.live) return;
      const list = await this.call('task-list', 'fulfilment', {
        method: 'GET',
        path: `/v1/locations/${locationId}/tasks?status=${status}&limit=20`,
        caller,
        budgetMs: 20_000,
      });
      if (list.status !== 200) continue;
      for (const task of list.body.items ?? []) {
        if (!this.live) return;
        worked += await this.work(caller, task);
      }
    }
    await sleep(worked ? 100 : 400, this.lifecycle);
  }

  acked(task, status) {
    const prior = this.acks.taskSteps.get(task.id);
    if (!prior || TASK_RANK[status] > TASK_RANK[prior.status])
      this.acks.taskSteps.set(task.id, { orderId: task.orderId, status });
  }

  async step(kind, task, caller, action, body, status) {
    const res = await this.call(kind, 'fulfilment', {
      path: `/v1/tasks/${task.id}/${action}`,
      caller,
      key: `${action}-${task.id}`,
      body,
    });
    if (res.status === 200) this.acked(task, res.body.status ?? status);
    return res.status === 200 ? res.body : null;
  }

  /** Staff take a task as far as they can now: pick, pack, then ready (pickup) or ship. */
  async work(caller, task) {
    let current = task;
    if (current.status === 'to_pick') {
      const lines = current.lines
        .filter((l) => l.status === 'open')
        .map((l) => ({ orderLineId: l.orderLineId, pickedQty: l.qty }));
      if (!lines.length) return 0;
      current = await this.step('pick', current, caller, 'pick', { lines }, 'to_pack');
      if (!current) return 1;
    }
    if (current.status === 'to_pack') {
      current = await this.step('pack', current, caller, 'pack', undefined, 'packed');
      if (!current) return 1;
    }
    if (current.status === 'packed') {
      if (current.deliveryType === 'pickup')
        current = await this.step('ready', current, caller, 'ready', undefined, 'ready_for_pickup');
      else {
        current = await this.step(
          'ship',
          current,
          caller,
          'ship',
          { carrier: 'chaos-post', trackingNumber: `T-${current.id.slice(0, 8)}` },
          'shipped',
        );
        if (current) this.left(current);
      }
      if (current?.status === 'ready_for_pickup') this.readySince.set(current.id, Date.now());
      return 1;
    }
    if (current.status === 'ready_for_pickup') return this.handover(caller, current);
    return 0;
  }

  /** The customer comes a little later with the code from their notification; about one in ten never does. */
  async handover(caller, task) {
    if (!this.readySince.has(task.id)) this.readySince.set(task.id, Date.now());
    if (Date.now() - this.readySince.get(task.id) < 1500 || parseInt(task.id.slice(0, 2), 16) < 26) return 0;
    const code = this.codes.get(task.fulfilmentOrderId);
    if (!code) return 0;
    // Not idempotent by design (a wrong code must count): a retry after a lost answer finds it handed over.
    const res = await this.call('handover', 'fulfilment', {
      path: `/v1/tasks/${task.id}/handover`,
      caller,
      body: { code },
    });
    const done = res.status === 200 || (res.status === 409 && /picked_up/.test(res.body?.detail ?? ''));
    if (done) {
      this.acked(task, 'picked_up');
      this.left(res.status === 200 ? res.body : task);
    }
    return 1;
  }

  left(task) {
    for (const l of task.lines ?? []) {
      if (l.status !== 'picked') continue;
      const line = {
        orderId: task.orderId,
        orderLineId: l.orderLineId,
        sku: l.sku,
        qty: l.pickedQty ?? l.qty,
        taskId: task.id,
      };
      this.acks.leftLines.push(line);
      if (Math.random() < 0.35) this.returnable.push(line);
    }
  }

  // --- returns desk --------------------------------------------------------------------------------

  async returnsDesk() {
    const line = this.returnable.shift();
    if (!line) return sleep(500, this.lifecycle);
    const store = pick(STORES).id;
    const caller = staffOf(store);
    const key = `walkin-${line.orderLineId}`;
    const res = await this.call('walk-in-return', 'returns', {
      path: '/v1/returns/walk-in',
      caller,
      key,
      body: {
        orderId: line.orderId,
        locationId: store,
        lines: [{ orderLineId: line.orderLineId, qty: 1, reason: 'changed-mind' }],
      },
      // Returns learns of the order and its handover from events: wait for them like the desk would.
      retryWhile: (reply) =>
        reply.status === 404 || (reply.status === 422 && ['order-line', 'quantity'].includes(reply.body?.rule)),
      budgetMs: 90_000,
    });
    if (res.status !== 201) return;
    this.acks.returns.set(key, {
      id: res.body.id,
      orderId: line.orderId,
      orderLineId: line.orderLineId,
      locationId: store,
    });
    const inspected = await this.call('inspect', 'returns', {
      path: `/v1/returns/${res.body.id}/inspect`,
      caller,
      key: `inspect-${res.body.id}`,
      body: { lines: [{ orderLineId: line.orderLineId, disposition: 'restock', qty: 1 }] },
    });
    if (inspected.status === 200)
      this.acks.inspections.set(res.body.id, {
        orderLineId: line.orderLineId,
        sku: line.sku,
        locationId: store,
        qty: 1,
      });
    await sleep(200, this.lifecycle);
  }
}

module.exports = { Load, TASK_RANK };
