import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { DiscrepancyDetectedV1, StockHeldV1, StockLevelChangedV1 } from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  EventReader,
  startTestService,
  uniqueSuffix,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
import { HoldsService } from '../src/holds/holds.service';
import { inventoryService } from '../src/inventory.service-definition';
import { LiveFeed } from '../src/live/live-feed';
import { LevelStore } from '../src/stock/level-store';
import { location, receive, SseReader } from './support';

// The HTTP side of inventory against real Postgres and Kafka: ledger, levels, channel rules,
// availability, holds under concurrency, expiry, the live stream and the rebuild check.
describe('inventory over HTTP', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let svc: RunningService;
  let reader: EventReader;
  let admin: ApiClient;
  let web: ApiClient;
  let pos1: ApiClient;

  const level = async (sku: string, locationId: string) =>
    (
      await svc.sql<{ on_hand: number; reserved: number; damaged: number; safety_stock: number }>(
        `SELECT on_hand, reserved, damaged, safety_stock FROM stock_levels WHERE sku = $1 AND location_id = $2`,
        [sku, locationId],
      )
    )[0];
  const movementCount = async () =>
    Number((await svc.sql<{ n: string }>(`SELECT count(*) AS n FROM stock_movements`))[0].n);

  beforeAll(async () => {
    svc = await startTestService(inventoryService, { topicPrefix: prefix });
    reader = await EventReader.open(prefix, ['inventory']);
    admin = apiClient(svc, ADMIN);
    web = apiClient(svc, WEB);
    pos1 = apiClient(svc, { sub: 'pos-st-1', role: 'store', locations: ['st-1'] });
    const sites: Array<[string, ReturnType<typeof location>]> = [
      ['st-1', location('store', ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns'], 48.8566, 2.3522)],
      ['st-2', location('store', ['sells_in_store', 'bopis'], 48.8738, 2.295)],
      ['st-far', location('store', ['sells_in_store'], 45.764, 4.8357)],
      ['dc-1', location('dc', [], 49.0, 2.5)],
    ];
    for (const [id, body] of sites) expect((await admin.put(`/v1/locations/${id}`, body)).status).toBe(201);
  });

  afterAll(async () => {
    await reader?.close();
    await svc?.stop();
  });

  describe('locations', () => {
    it('replaces a location, answers it back and announces the change', async () => {
      const updated = await admin.put('/v1/locations/st-2', {
        ...location('store', ['sells_in_store', 'bopis'], 48.8738, 2.295),
        name: 'Étoile',
      });
      expect(updated.status).toBe(200);
      expect((await web.get('/v1/locations/st-2')).body).toMatchObject({
        id: 'st-2',
        name: 'Étoile',
        capabilities: ['sells_in_store', 'bopis'],
      });
      expect((await web.get('/v1/locations?type=dc')).body.map((l: { id: string }) => l.id)).toEqual(['dc-1']);
      expect((await web.get('/v1/locations/nowhere')).status).toBe(404);
      await reader.waitFor((r) =>
        r.events('inventory.location-changed').some((e) => (e.data as { name: string }).name === 'Étoile'),
      );
    });

    it('lets only admins change locations', async () => {
      const res = await web.put('/v1/locations/st-9', location('store', []));
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('ledger', () => {
    it('keeps on hand equal to the sum of movements, counts included, and pages history newest first', async () => {
      await receive(admin, 'led', 'st-1', 10);
      await pos1.post('/v1/stock/movements', { sku: 'led', locationId: 'st-1', type: 'sale', quantity: 3 });
      const count = await pos1.post('/v1/stock/movements', {
        sku: 'led',
        locationId: 'st-1',
        type: 'count',
        quantity: 5,
        reason: 'cycle count',
      });
      expect(count.status).toBe(201);
      expect(count.body.movement).toMatchObject({ type: 'count', quantity: 5, onHandDelta: -2 });
      expect(count.body.level).toMatchObject({ onHand: 5, sellable: 5 });
      const damaged = await pos1.post('/v1/stock/movements', {
        sku: 'led',
        locationId: 'st-1',
        type: 'damage',
        quantity: 1,
      });
      expect(damaged.body.level).toMatchObject({ onHand: 5, damaged: 1, sellable: 4 });
      const [sum] = await svc.sql<{ total: number }>(
        `SELECT sum(on_hand_delta)::int AS total FROM stock_movements WHERE sku = 'led'`,
      );
      expect(sum.total).toBe(5);

      const page1 = await pos1.get('/v1/stock/led/movements?locationId=st-1&limit=2');
      expect(page1.body.items.map((m: { type: string }) => m.type)).toEqual(['damage', 'count']);
      const page2 = await pos1.get(`/v1/stock/led/movements?locationId=st-1&limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.map((m: { type: string }) => m.type)).toEqual(['sale', 'receipt']);
      expect(page2.body.nextCursor).toBeNull();
    });

    it('forbids a store token to move or read another store stock, and changes nothing', async () => {
      const before = await movementCount();
      const res = await pos1.post('/v1/stock/movements', {
        sku: 'led',
        locationId: 'st-2',
        type: 'receipt',
        quantity: 5,
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await pos1.get('/v1/stock/led/movements?locationId=st-2')).status).toBe(403);
      expect(await movementCount()).toBe(before);
    });

    it('answers bad input with a 400 problem naming the fields, and changes nothing', async () => {
      const before = await movementCount();
      const bad = [
        { sku: 'led', locationId: 'st-1', type: 'receipt', quantity: 0 },
        { sku: 'led', locationId: 'st-1', type: 'teleport', quantity: 1 },
        { sku: 'led', locationId: 'st-1', type: 'receipt', quantity: 1, colour: 'red' },
        { sku: 'bad sku!', locationId: 'st-1', type: 'receipt', quantity: 1 },
        { locationId: 'st-1', type: 'receipt', quantity: 1.5 },
      ];
      for (const body of bad) {
        const res = await admin.post('/v1/stock/movements', body);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.errors.length).toBeGreaterThan(0);
      }
      expect(
        (await admin.post('/v1/stock/movements', { sku: 'led', locationId: 'nowhere', type: 'receipt', quantity: 1 }))
          .status,
      ).toBe(422);
      expect(
        (await admin.post('/v1/stock/movements', { sku: 'led', locationId: 'st-1', type: 'shrink', quantity: 99 }))
          .status,
      ).toBe(409);
      expect(await movementCount()).toBe(before);
    });

    it('records a rush of concurrent POS sales once each, every answer with the level right after its own sale', async () => {
      await receive(admin, 'rush', 'st-1', 1000);
      const keys = Array.from({ length: 100 }, (_, i) => `rush-${i}`);
      // 20 keys are sent twice at once, as a till retrying on a timeout would.
      const answers = await Promise.all(
        [...keys, ...keys.slice(0, 20)].map((key) =>
          pos1
            .post(
              '/v1/stock/movements',
              { sku: 'rush', locationId: 'st-1', type: 'sale', quantity: 1 },
              { 'idempotency-key': key },
            )
            .then((res) => ({ key, res })),
        ),
      );
      expect(answers.every(({ res }) => res.status === 201)).toBe(true);
      const byKey = new Map<string, Set<string>>();
      for (const { key, res } of answers) byKey.set(key, (byKey.get(key) ?? new Set()).add(res.body.movement.id));
      expect([...byKey.values()].every((ids) => ids.size === 1)).toBe(true); // a retried key never sells twice
      const onHandAfter = keys.map((key) => answers.find((a) => a.key === key)?.res.body.level.onHand as number);
      expect([...onHandAfter].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => 900 + i)); // 999 .. 900, each once
      expect((await level('rush', 'st-1')).on_hand).toBe(900);
      const [ledger] = await svc.sql<{ total: number; sales: number; transactions: number }>(
        `SELECT sum(on_hand_delta)::int AS total, count(*) FILTER (WHERE type = 'sale')::int AS sales,
                count(DISTINCT occurred_at) FILTER (WHERE type = 'sale')::int AS transactions
         FROM stock_movements WHERE sku = 'rush'`,
      );
      expect(ledger).toMatchObject({ total: 900, sales: 100 });
      // occurred_at is the transaction's start: concurrent sales were coalesced into fewer transactions.
      expect(ledger.transactions).toBeLessThan(100);
    });

    it('never refuses a POS sale beyond what is reserved, and reports the discrepancy with the promises at risk', async () => {
      await receive(admin, 'disc', 'st-1', 2);
      const hold = await web.post('/v1/holds', { channel: 'web', lines: [{ sku: 'disc', qty: 2 }] });
      expect(hold.status).toBe(201);
      const sale = await pos1.post('/v1/stock/movements', {
        sku: 'disc',
        locationId: 'st-1',
        type: 'sale',
        quantity: 1,
      });
      expect(sale.status).toBe(201);
      expect(sale.body.level).toMatchObject({ onHand: 1, reserved: 2, sellable: 0 });
      await reader.waitFor((r) =>
        r.events('inventory.discrepancy-detected').some((e) => (e.data as DiscrepancyDetectedV1).sku === 'disc'),
      );
      const [event] = reader
        .events<DiscrepancyDetectedV1>('inventory.discrepancy-detected')
        .filter((e) => e.data.sku === 'disc');
      expect(event.data).toMatchObject({
        locationId: 'st-1',
        shortBy: 1,
        movementType: 'sale',
        holds: [{ holdId: hold.body.id, qty: 2 }],
      });
    });

    it('lets an admin set safety stock, which is never sellable', async () => {
      await receive(admin, 'safe', 'st-1', 10);
      const res = await admin.put('/v1/stock/safe/locations/st-1/safety-stock', { safetyStock: 4 });
      expect(res.body).toMatchObject({ onHand: 10, safetyStock: 4, sellable: 6 });
      expect((await pos1.put('/v1/stock/safe/locations/st-1/safety-stock', { safetyStock: 0 })).status).toBe(403);
      expect((await web.get('/v1/availability/safe')).body.available).toBe(6);
    });
  });

  describe('channel rules and availability', () => {
    beforeAll(async () => {
      await receive(admin, 'av', 'st-1', 5);
      await receive(admin, 'av', 'st-2', 7);
      await receive(admin, 'av', 'dc-1', 20);
    });

    it('feeds web from DCs and ship-from-store stores by default, with asOf on every figure', async () => {
      const res = await web.get('/v1/availability/av');
      expect(res.body).toMatchObject({ sku: 'av', channel: 'web', available: 25 });
      expect(res.body.locations.map((l: { locationId: string }) => l.locationId).sort()).toEqual(['dc-1', 'st-1']);
      expect(new Date(res.body.asOf).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(res.body.locations.every((l: { asOf: string }) => l.asOf)).toBe(true);
    });

    it('gives a POS its own store on top of the network', async () => {
      const pos2 = apiClient(svc, { sub: 'pos-st-2', role: 'store', locations: ['st-2'] });
      expect((await pos2.get('/v1/availability/av')).body).toMatchObject({ channel: 'pos', available: 32 });
      expect((await pos2.get('/v1/availability/av?channel=web')).status).toBe(403);
    });

    it('applies an admin rule: only the listed sources, less the channel safety buffer per location', async () => {
      const rule = await admin.put('/v1/channels/marketplace/rules', {
        sources: [{ type: 'dc' }],
        includeLocationIds: ['st-2'],
        safetyBuffer: 3,
      });
      expect(rule.status).toBe(200);
      expect((await admin.get('/v1/channels/marketplace/rules')).body).toMatchObject({
        isDefault: false,
        safetyBuffer: 3,
      });
      expect((await admin.get('/v1/channels/app/rules')).body).toMatchObject({ isDefault: true });
      const res = await admin.get('/v1/availability/av?channel=marketplace');
      expect(res.body.available).toBe(17 + 4);
      const batch = await admin.post('/v1/availability/query', {
        channel: 'marketplace',
        skus: ['av', 'av', 'unknown'],
      });
      expect(batch.body.items).toEqual([
        { sku: 'av', available: 21, asOf: expect.any(String) },
        { sku: 'unknown', available: 0, asOf: expect.any(String) },
      ]);
    });

    it('counts a store in the batch figure as soon as it starts feeding the channel, and stops when it no longer does', async () => {
      const webAv = async () => (await web.post('/v1/availability/query', { skus: ['av'] })).body.items[0].available;
      expect(await webAv()).toBe(25);
      const st2 = { ...location('store', ['sells_in_store', 'bopis'], 48.8738, 2.295), name: 'Étoile' };
      expect(
        (await admin.put('/v1/locations/st-2', { ...st2, capabilities: [...st2.capabilities, 'ship_from_store'] }))
          .status,
      ).toBe(200);
      expect(await webAv()).toBe(32);
      expect((await admin.put('/v1/locations/st-2', st2)).status).toBe(200);
      expect(await webAv()).toBe(25);
    });

    it('answers a batch of up to 500 skus and refuses more with a 400', async () => {
      const skus = Array.from({ length: 500 }, (_, i) => `b-${i}`);
      expect((await web.post('/v1/availability/query', { skus })).body.items).toHaveLength(500);
      const tooMany = await web.post('/v1/availability/query', { skus: [...skus, 'one-more'] });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors[0].field).toBe('skus');
    });

    it('lists nearby stores by distance with what they can sell', async () => {
      const res = await web.get('/v1/availability/av/nearby?lat=48.86&lng=2.34&radiusKm=10');
      expect(
        res.body.stores.map((s: { locationId: string; available: number }) => [s.locationId, s.available]),
      ).toEqual([
        ['st-1', 5],
        ['st-2', 7],
      ]);
      expect(res.body.stores[0].distanceKm).toBeLessThan(res.body.stores[1].distanceKm);
      expect((await web.get('/v1/availability/av/nearby?lat=91&lng=0')).status).toBe(400);
    });
  });

  describe('holds', () => {
    it('holds nothing and lists each short line when one line cannot be held', async () => {
      await receive(admin, 'h-a', 'st-1', 3);
      const res = await web.post('/v1/holds', {
        channel: 'web',
        lines: [
          { sku: 'h-a', qty: 2 },
          { sku: 'h-b', qty: 1, locationId: 'st-1' },
        ],
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.shortfalls).toEqual([
        {
          lineNo: 2,
          sku: 'h-b',
          locationId: 'st-1',
          requested: 1,
          available: 0,
          shortfall: 1,
          reason: 'insufficient-stock',
        },
      ]);
      expect((await level('h-a', 'st-1')).reserved).toBe(0);
      expect((await web.post('/v1/holds', { channel: 'marketplace', lines: [{ sku: 'h-a', qty: 1 }] })).status).toBe(
        403,
      );
      expect(
        (
          await web.post('/v1/holds', {
            channel: 'web',
            lines: Array.from({ length: 101 }, () => ({ sku: 'h-a', qty: 1 })),
          })
        ).status,
      ).toBe(400);
    });

    it('holds what it can when partial holds are allowed, and says what is missing', async () => {
      await receive(admin, 'h-p', 'st-1', 3);
      const res = await web.post('/v1/holds', {
        channel: 'web',
        allowPartial: true,
        lines: [
          { sku: 'h-p', qty: 5 },
          { sku: 'h-none', qty: 1 },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body.lines).toEqual([
        { lineNo: 1, sku: 'h-p', locationId: 'st-1', requested: 5, held: 3, shortfall: 2 },
        { lineNo: 2, sku: 'h-none', locationId: null, requested: 1, held: 0, shortfall: 1 },
      ]);
      expect((await level('h-p', 'st-1')).reserved).toBe(3);
      expect((await pos1.get('/v1/stock/h-p/levels')).body).toEqual([
        expect.objectContaining({ locationId: 'st-1', onHand: 3, reserved: 3, sellable: 0 }),
      ]);
    });

    it('holds the best location per line, extends, and gives the stock back on release', async () => {
      await receive(admin, 'h-c', 'dc-1', 4);
      await receive(admin, 'h-c', 'st-1', 4);
      const hold = await web.post(
        '/v1/holds',
        { channel: 'web', lines: [{ sku: 'h-c', qty: 3 }], ttlSeconds: 60 },
        { 'idempotency-key': 'hc-1' },
      );
      expect(hold.status).toBe(201);
      expect(hold.body.lines).toEqual([
        { lineNo: 1, sku: 'h-c', locationId: 'dc-1', requested: 3, held: 3, shortfall: 0 },
      ]);
      const extended = await web.post(`/v1/holds/${hold.body.id}/extend`, { ttlSeconds: 600 });
      expect(new Date(extended.body.expiresAt).getTime()).toBeGreaterThan(new Date(hold.body.expiresAt).getTime());
      expect(
        (
          await apiClient(svc, { sub: 'someone-else', role: 'channel', channel: 'web', locations: [] }).get(
            `/v1/holds/${hold.body.id}`,
          )
        ).status,
      ).toBe(404);
      const released = await web.post(`/v1/holds/${hold.body.id}/release`);
      expect(released.body.status).toBe('released');
      expect((await level('h-c', 'dc-1')).reserved).toBe(0);
      expect((await web.post(`/v1/holds/${hold.body.id}/extend`, { ttlSeconds: 60 })).status).toBe(409);
      await reader.waitFor((r) =>
        r.events('inventory.hold-released').some((e) => (e.data as { holdId: string }).holdId === hold.body.id),
      );
    });

    it('keeps a store’s hold its own even from another store sharing its subject (a shared POS login)', async () => {
      await receive(admin, 'h-own', 'st-1', 2);
      const till = (locationId: string) =>
        apiClient(svc, { sub: 'shared-pos-login', role: 'store', channel: 'pos', locations: [locationId] });
      const hold = await till('st-1').post('/v1/holds', {
        channel: 'pos',
        lines: [{ sku: 'h-own', qty: 1, locationId: 'st-1' }],
      });
      expect(hold.status).toBe(201);
      for (const attempt of [
        () => till('st-2').get(`/v1/holds/${hold.body.id}`),
        () => till('st-2').post(`/v1/holds/${hold.body.id}/extend`, { ttlSeconds: 600 }),
      ]) {
        const res = await attempt();
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ type: 'urn:omni:problem:not-found' });
      }
      expect((await till('st-1').get(`/v1/holds/${hold.body.id}`)).status).toBe(200);
      expect((await admin.get(`/v1/holds/${hold.body.id}`)).status).toBe(200);
    });

    it("tells the sweeper when the next active hold expires, by the database's clock (none: null)", async () => {
      const holds = svc.app.get(HoldsService);
      const [{ active }] = await svc.sql<{ active: number }>(
        `SELECT count(*)::int AS active FROM holds WHERE status = 'active'`,
      );
      if (!active) expect(await holds.msToNextExpiry()).toBeNull();
      await receive(admin, 'h-next', 'st-1', 1);
      const hold = await web.post('/v1/holds', {
        channel: 'web',
        lines: [{ sku: 'h-next', qty: 1, locationId: 'st-1' }],
        ttlSeconds: 1,
      });
      expect(hold.status).toBe(201);
      const ms = await holds.msToNextExpiry();
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(1000);
      await eventually(
        async () => (await web.get(`/v1/holds/${hold.body.id}`)).body.status === 'expired',
        5000,
        'the sweeper, woken by the hold it made, to expire it',
      );
      if (!active) expect(await holds.msToNextExpiry()).toBeNull();
    });

    it('expires a hold and returns its stock within seconds', async () => {
      await receive(admin, 'h-exp', 'st-1', 2);
      const hold = await web.post('/v1/holds', {
        channel: 'web',
        lines: [{ sku: 'h-exp', qty: 2, locationId: 'st-1' }],
        ttlSeconds: 1,
      });
      expect(hold.status).toBe(201);
      expect((await web.get('/v1/availability/h-exp')).body.available).toBe(0);
      await eventually(
        async () => (await level('h-exp', 'st-1')).reserved === 0,
        5000,
        'the sweeper to expire the hold',
      );
      expect((await web.get(`/v1/holds/${hold.body.id}`)).body.status).toBe('expired');
      expect((await web.get('/v1/availability/h-exp')).body.available).toBe(2);
      await reader.waitFor((r) =>
        r.events('inventory.hold-expired').some((e) => (e.data as { holdId: string }).holdId === hold.body.id),
      );
    });

    it('never oversells: 200 concurrent web and POS holds, retries and POS sales on 50 units', async () => {
      await receive(admin, 'hot', 'st-1', 50);
      const sku = 'hot';
      const requests = Array.from({ length: 160 }, (_, i) => {
        const caller = i % 3 === 0 ? pos1 : web;
        const channel = i % 3 === 0 ? 'pos' : 'web';
        const line = i % 2 === 0 ? { sku, qty: 1, locationId: 'st-1' } : { sku, qty: 1 };
        return { caller, body: { channel, lines: [line], ttlSeconds: 600 }, key: `hot-${i}` };
      });
      // 40 of them are sent twice at once, as a client retrying on a timeout would.
      const sends = [...requests, ...requests.slice(0, 40)].map((r) =>
        r.caller.post('/v1/holds', r.body, { 'idempotency-key': r.key }).then((res) => ({ ...res, key: r.key })),
      );
      const sales = Array.from({ length: 10 }, (_, i) =>
        pos1.post(
          '/v1/stock/movements',
          { sku, locationId: 'st-1', type: 'sale', quantity: 1 },
          { 'idempotency-key': `hot-sale-${i}` },
        ),
      );
      const [answers, sold] = await Promise.all([Promise.all(sends), Promise.all(sales)]);

      expect(sold.every((s) => s.status === 201)).toBe(true);
      expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
      const heldByKey = new Map<string, Set<string>>();
      for (const a of answers.filter((x) => x.status === 201))
        heldByKey.set(a.key, (heldByKey.get(a.key) ?? new Set()).add(a.body.id));
      expect([...heldByKey.values()].every((ids) => ids.size === 1)).toBe(true); // a retried key never holds twice
      const holdIds = new Set([...heldByKey.values()].flatMap((ids) => [...ids]));
      const held = holdIds.size;

      const after = await level(sku, 'st-1');
      expect(after.on_hand).toBe(40);
      expect(after.reserved).toBe(held);
      expect(held).toBeLessThanOrEqual(50);
      expect(held).toBeGreaterThanOrEqual(40);
      expect(Math.max(0, after.on_hand - after.reserved)).toBe(0); // every sellable unit was taken, none twice
      const [lines] = await svc.sql<{ reserved: number; holds: number }>(
        `SELECT sum(l.reserved)::int AS reserved, count(DISTINCT l.hold_id)::int AS holds FROM hold_lines l WHERE l.sku = $1`,
        [sku],
      );
      expect(lines).toEqual({ reserved: held, holds: held });
      const [ledger] = await svc.sql<{ total: number }>(
        `SELECT sum(on_hand_delta)::int AS total FROM stock_movements WHERE sku = $1`,
        [sku],
      );
      expect(ledger.total).toBe(after.on_hand);

      // Every event reached the topic exactly once: one stock-held per hold; a level change per receipt, per sale and per
      // batch of coalesced holds (so at most one per hold), the last of them carrying the final figures.
      const levelChanges = () =>
        reader.events<StockLevelChangedV1>('inventory.stock-level-changed').filter((e) => e.data.sku === sku);
      const final = (e: { data: StockLevelChangedV1 }) => e.data.onHand === 40 && e.data.reserved === held;
      await reader.waitFor(
        () => levelChanges().some(final),
        30000,
        'the level change with the final figures of the hot sku',
      );
      const stockHeld = reader.events<StockHeldV1>('inventory.stock-held').filter((e) => e.data.lines[0]?.sku === sku);
      expect(new Set(stockHeld.map((e) => e.data.holdId))).toEqual(holdIds);
      expect(stockHeld).toHaveLength(held);
      expect(levelChanges().length).toBeLessThanOrEqual(1 + held + 10);
      // One sku's changes share a partition, in commit order (each was written under the row lock).
      expect(final(levelChanges().at(-1) as { data: StockLevelChangedV1 })).toBe(true);
      const ids = reader.events().map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (after.reserved > after.on_hand) {
        await reader.waitFor((r) =>
          r.events<DiscrepancyDetectedV1>('inventory.discrepancy-detected').some((e) => e.data.sku === sku),
        );
      }
    }, 60000);

    it('rolls back a batch of holds decided on figures that moved before it reserved, and holds them one by one', async () => {
      const sku = 'moving';
      await receive(admin, sku, 'st-1', 10);
      const levels = svc.app.get(LevelStore);
      const read = levels.read.bind(levels);
      let sold = false;
      // The first batch reads 10 sellable; a POS sale of 8 commits before the batch reserves.
      const readSpy = jest.spyOn(levels, 'read').mockImplementation(async (refs) => {
        const snapshot = await read(refs);
        if (!sold && refs.some((r) => r.sku === sku)) {
          sold = true;
          const sale = await pos1.post(
            '/v1/stock/movements',
            { sku, locationId: 'st-1', type: 'sale', quantity: 8 },
            { 'idempotency-key': 'moving-sale' },
          );
          expect(sale.status).toBe(201);
        }
        return snapshot;
      });
      const reserveSpy = jest.spyOn(levels, 'reserveAbove');
      try {
        const answers = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            web.post(
              '/v1/holds',
              { channel: 'web', lines: [{ sku, qty: 1, locationId: 'st-1' }] },
              { 'idempotency-key': `moving-${i}` },
            ),
          ),
        );
        expect(sold).toBe(true);
        expect(await Promise.all(reserveSpy.mock.results.map((r) => r.value))).toContain(null);
        expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409, 409, 409]);
        expect(await level(sku, 'st-1')).toMatchObject({ on_hand: 2, reserved: 2 });
        const [lines] = await svc.sql<{ reserved: number }>(
          `SELECT COALESCE(sum(reserved), 0)::int AS reserved FROM hold_lines WHERE sku = $1`,
          [sku],
        );
        expect(lines.reserved).toBe(2);
      } finally {
        readSpy.mockRestore();
        reserveSpy.mockRestore();
      }
    }, 30000);
  });

  it('pushes a change to an SSE client on one replica when another replica makes it (through the topic)', async () => {
    // A second replica of the same service: same schema, same consumer group, same topics.
    const replica = await startTestService(inventoryService, {
      topicPrefix: prefix,
      env: { DATABASE_SCHEMA: svc.schema, KAFKA_GROUP_ID: svc.config.KAFKA_GROUP_ID ?? 'inventory' },
    });
    const seller = apiClient(replica, { sub: 'pos-st-1', role: 'store', locations: ['st-1'] });
    await receive(admin, 'live', 'st-1', 30);
    const stream = await SseReader.open(`${svc.url}/v1/availability/stream?skus=live,other`, web.token);
    try {
      await eventually(
        async () => stream.events.some((e) => e.type === 'snapshot' && e.data.sku === 'live'),
        5000,
        'the snapshot',
      );
      // The live consumer joins its group in the background; once it has fetched, every later change reaches the stream.
      const feed = svc.app.get(LiveFeed, { strict: false });
      await eventually(async () => feed.live, 30000, "the stream replica's live feed");
      expect(
        (await seller.post('/v1/stock/movements', { sku: 'live', locationId: 'st-1', type: 'sale', quantity: 1 }))
          .status,
      ).toBe(201);
      await eventually(
        async () =>
          stream.events.some((e) => e.type === 'availability' && e.data.sku === 'live' && e.data.available < 30),
        30000,
        'an availability event',
      );
      const last = stream.events.filter((e) => e.type === 'availability').pop();
      expect(last?.data).toMatchObject({ sku: 'live', channel: 'web', locationId: 'st-1', asOf: expect.any(String) });
      expect(stream.events.every((e) => e.type !== 'availability' || e.data.sku === 'live')).toBe(true);
    } finally {
      await stream.close();
      await replica.stop({ dropSchema: false });
    }
  }, 60000);

  it('rebuilds levels from the ledger and finds no drift', async () => {
    const { stdout } = await promisify(execFile)(
      'node',
      [path.join(__dirname, '../../../tools/inventory-rebuild.js'), '--schema', svc.schema],
      {
        env: { ...process.env, DATABASE_URL: svc.config.DATABASE_URL },
      },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ schema: svc.schema, drift: 0, ok: true });
    expect(report.movements).toBeGreaterThan(20);
  });
});
