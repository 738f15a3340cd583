import { randomUUID } from 'node:crypto';
import {
  CancelDecided,
  HoldSnapshot,
  LocationSnapshot,
  OrderPlaced,
  ShipmentDispatched,
  type OrderPlacedV1,
} from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  channelClient,
  eventually,
  EventFixtures,
  EventReader,
  startTestService,
  storeStaff,
  uniqueSuffix,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
import { principalKey } from '@omni/platform';
import { HoldArrival } from '../src/orders/hold-arrival';
import type { OrderSummary, OrderView } from '../src/orders/order-view';
import { ordersService } from '../src/orders.service-definition';
import { ADDRESS, holdSnapshot as hold, location, stockSkus, waitForRows } from './support/fixtures';

// Placement rules, idempotency, who sees what, customer history and the attribution report.
// A hold is owned by its principal's identity (principalKey), not by the subject alone.
const WEB_SHOP_CALLER = { ...WEB, sub: 'web-shop' };
const WEB_SHOP = principalKey(WEB_SHOP_CALLER);

describe('placing and reading orders', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let svc: RunningService;
  let fixtures: EventFixtures;
  let admin: ApiClient;
  let web: ApiClient;
  let app: ApiClient;
  let pos9: ApiClient;
  let store1: ApiClient;

  const ship = (sku = 'SKU-1', qty = 1, unitPrice = 1000) => ({
    sku,
    qty,
    unitPrice,
    currency: 'EUR',
    delivery: { type: 'ship', address: ADDRESS },
  });
  const pickup = (locationId: string) => ({
    sku: 'SKU-P',
    qty: 1,
    unitPrice: 500,
    currency: 'EUR',
    delivery: { type: 'pickup', locationId },
  });
  const order = (patch: Record<string, unknown> = {}) => ({
    channel: 'web',
    customer: { id: 'c-1' },
    lines: [ship()],
    ...patch,
  });

  beforeAll(async () => {
    svc = await startTestService(ordersService, { topicPrefix: prefix });
    fixtures = new EventFixtures(prefix);
    admin = apiClient(svc, ADMIN);
    // The holds below name their principal: web's caller must be that principal.
    web = apiClient(svc, WEB_SHOP_CALLER);
    app = apiClient(svc, channelClient('app'));
    pos9 = apiClient(svc, storeStaff('s-9'));
    store1 = apiClient(svc, storeStaff('s-1'));
    // Orders learns of locations and holds from inventory's changelogs (each record the entity's whole state).
    await fixtures.publish(LocationSnapshot, 's-1', location('s-1'));
    await fixtures.publish(LocationSnapshot, 's-9', location('s-9'));
    await fixtures.publish(LocationSnapshot, 'dc-1', location('dc-1', { type: 'dc', capabilities: [] }));
    await fixtures.publish(HoldSnapshot, 'h-mine', hold('h-mine', WEB_SHOP));
    await fixtures.publish(HoldSnapshot, 'h-theirs', hold('h-theirs', 'someone-else'));
    await fixtures.publish(HoldSnapshot, 'h-expired', hold('h-expired', WEB_SHOP, { status: 'expired', lines: [] }));
    await fixtures.publish(HoldSnapshot, 'h-released', hold('h-released', WEB_SHOP, { status: 'released', lines: [] }));
    await fixtures.publish(
      HoldSnapshot,
      'h-lapsed',
      hold('h-lapsed', WEB_SHOP, { expiresAt: new Date(Date.now() - 1000).toISOString() }),
    );
    await waitForRows(svc, `SELECT 1 FROM known_locations`, [], 3, 'the location projection');
    await waitForRows(svc, `SELECT 1 FROM known_holds WHERE status <> 'active'`, [], 2, 'the hold projection');
    await waitForRows(svc, `SELECT 1 FROM known_holds`, [], 5, 'the hold projection');
    await stockSkus(fixtures, svc, ['SKU-1', 'SKU-P', ...'ABCDEF']);
  });

  afterAll(async () => {
    await fixtures?.close();
    await svc?.stop();
  });

  const post = (caller: ApiClient, body: unknown, headers: Record<string, string> = {}) =>
    caller.post('/v1/orders', body, headers);
  const written = async () => ({
    orders: (await svc.sql(`SELECT 1 FROM orders`)).length,
    outbox: (await svc.sql(`SELECT 1 FROM outbox`)).length,
    keys: (await svc.sql(`SELECT 1 FROM idempotency_keys`)).length,
  });

  describe('refusals: a 4xx problem naming what is wrong, and nothing written', () => {
    const refusals: Array<[string, () => ApiClient, () => unknown, number, RegExp]> = [
      ['an unknown channel', () => web, () => order({ channel: 'fax' }), 400, /channel/],
      ['a zero quantity', () => web, () => order({ lines: [ship('SKU-1', 0)] }), 400, /lines\.0\.qty/],
      ['a negative quantity', () => web, () => order({ lines: [ship(), ship('SKU-2', -2)] }), 400, /lines\.1\.qty/],
      [
        'more than 100 lines',
        () => web,
        () => order({ lines: Array.from({ length: 101 }, (_, i) => ship(`SKU-${i}`)) }),
        400,
        /at most 100 lines/,
      ],
      [
        'a SKU no location has ever stocked',
        () => web,
        () => order({ lines: [ship(), ship('SKU-NEVER')] }),
        422,
        /"field":"lines\.1\.sku".*urn:omni:problem:unknown-sku/,
      ],
      [
        'a pickup at a location without BOPIS',
        () => web,
        () => order({ lines: [pickup('dc-1')] }),
        422,
        /dc-1 does not offer pickup/,
      ],
      [
        'a pickup without a location',
        () => web,
        () => order({ lines: [{ ...ship(), delivery: { type: 'pickup' } }] }),
        400,
        /locationId is required/,
      ],
      ['a hold of another principal', () => web, () => order({ holdId: 'h-theirs' }), 422, /not-yours/],
      ['an expired hold', () => web, () => order({ holdId: 'h-expired' }), 422, /"reason":"expired"/],
      ['a hold past its expiry time', () => web, () => order({ holdId: 'h-lapsed' }), 422, /"reason":"expired"/],
      ['a released hold', () => web, () => order({ holdId: 'h-released' }), 422, /"reason":"released"/],
      [
        'a channel token placing for another channel',
        () => app,
        () => order({ channel: 'web' }),
        403,
        /may not place web orders/,
      ],
      [
        'a store crediting another store',
        () => pos9,
        () => order({ channel: 'pos', assistedBy: { staffId: 'x', locationId: 's-1' } }),
        403,
        /s-1/,
      ],
      [
        'an unknown field',
        () => web,
        () => order({ lines: [{ ...ship(), quantity: 1 }] }),
        400,
        /quantity should not exist/,
      ],
    ];

    it.each(refusals)('refuses %s', async (_what, caller, body, status, says) => {
      const before = await written();
      const res = await post(caller(), body(), { 'idempotency-key': randomUUID() });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body)).toMatch(says);
      expect(await written()).toEqual(before);
    });
  });

  describe('not yet: a hold or pickup location orders has not heard of', () => {
    let reader: EventReader;
    beforeAll(async () => {
      reader = await EventReader.open(prefix, ['orders']);
    });
    afterAll(async () => {
      await reader?.close();
    });
    const placedEventOf = (id: string) =>
      reader.events<OrderPlacedV1>(OrderPlaced.type).find((e) => e.data.orderId === id);

    it('accepts the order as pending, not refused, and places it once the hold and the store arrive', async () => {
      const res = await post(web, order({ holdId: 'h-soon', lines: [ship(), pickup('s-soon')] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'pending', holdId: 'h-soon' });
      expect((res.body as OrderView).lines.map((l) => [l.status, l.statusReason])).toEqual([
        ['pending', expect.stringMatching(/hold h-soon has not reached orders yet/)],
        ['pending', expect.stringMatching(/location s-soon has not reached orders yet/)],
      ]);
      const id = res.body.id as string;
      // A second order may not carry the hold its first order waits for.
      expect((await post(web, order({ holdId: 'h-soon' }))).body).toMatchObject({ reason: 'used' });

      await fixtures.publish(HoldSnapshot, 'h-soon', hold('h-soon', WEB_SHOP));
      await fixtures.publish(LocationSnapshot, 's-soon', location('s-soon'));
      const placed = await eventually(
        async () => {
          const body = (await web.get<OrderView>(`/v1/orders/${id}`)).body;
          return body.status === 'placed' ? body : undefined;
        },
        20000,
        'the pending order to be placed',
      );
      expect(placed.lines.map((l) => l.status)).toEqual(['placed', 'placed']);
      expect(placed.timeline.map((t) => t.step)).toEqual(['placed']);
      await reader.waitFor(() => placedEventOf(id) !== undefined, 20000, 'orders.order-placed');
      expect(placedEventOf(id)?.data).toMatchObject({
        orderId: id,
        holdId: 'h-soon',
        lines: [expect.anything(), { delivery: { type: 'pickup', locationId: 's-soon' } }],
      });
      expect(placedEventOf(id)?.correlationId).toBe(res.headers.get('x-correlation-id'));
      expect(await svc.sql(`SELECT order_id FROM known_holds WHERE id = 'h-soon'`)).toEqual([{ order_id: id }]);
    });

    it('lets a placement wait for a hold on its way until it is known, or the wait is over', async () => {
      const arrival = svc.app.get(HoldArrival, { strict: false });
      const began = Date.now();
      await arrival.awaitHold('h-never', 300); // nothing on its way: the wait runs out
      expect(Date.now() - began).toBeGreaterThanOrEqual(290);
      const waiting = arrival.awaitHold('h-on-its-way', 20_000);
      await fixtures.publish(HoldSnapshot, 'h-on-its-way', hold('h-on-its-way', WEB_SHOP));
      await waiting;
      expect(Date.now() - began).toBeLessThan(15_000);
      expect(await svc.sql(`SELECT id FROM known_holds WHERE id = 'h-on-its-way'`)).toHaveLength(1);
      // Known now: an order carrying it is placed in its first answer.
      const res = await post(web, order({ holdId: 'h-on-its-way' }));
      expect(res.body).toMatchObject({ status: 'placed', holdId: 'h-on-its-way' });
    });

    it('rejects a pending order as soon as what arrives forbids it, and frees its hold for another order', async () => {
      const res = await post(web, order({ holdId: 'h-late-theirs', lines: [pickup('s-late-dc')] }));
      expect(res.body).toMatchObject({ status: 'pending' });
      await fixtures.publish(HoldSnapshot, 'h-late-theirs', hold('h-late-theirs', 'someone-else'));
      await fixtures.publish(LocationSnapshot, 's-late-dc', location('s-late-dc', { type: 'dc', capabilities: [] }));
      const rejected = await eventually(
        async () => {
          const body = (await web.get<OrderView>(`/v1/orders/${res.body.id as string}`)).body;
          return body.status === 'rejected' ? body : undefined;
        },
        20000,
        'the pending order to be rejected',
      );
      // Orders decides as soon as one arrival forbids the order, so the reason names whichever came first (or both).
      expect(rejected.lines[0]).toMatchObject({
        status: 'rejected',
        statusReason: expect.stringMatching(
          /s-late-dc does not offer pickup|h-late-theirs is a hold of another principal/,
        ),
      });
      expect(rejected.holdId).toBeNull();
      expect(placedEventOf(res.body.id as string)).toBeUndefined();
    });
  });

  it("accepts the caller's own active hold once, and no second order may carry it", async () => {
    const first = await post(web, order({ holdId: 'h-mine' }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ holdId: 'h-mine', status: 'placed' });
    const second = await post(web, order({ holdId: 'h-mine' }));
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ reason: 'used' });
  });

  it('answers a retry with the same Idempotency-Key with the same order, and refuses the key for another body', async () => {
    const key = randomUUID();
    const body = order({ customer: { id: 'c-idem' } });
    const first = await post(web, body, { 'idempotency-key': key });
    const again = await post(web, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await svc.sql(`SELECT id FROM orders WHERE customer_id = 'c-idem'`)).toEqual([{ id: first.body.id }]);
    const other = await post(web, order({ customer: { id: 'c-other' } }), { 'idempotency-key': key });
    expect(other.status).toBe(422);
  });

  it('refuses a second order with the same marketplace reference', async () => {
    const admin1 = await post(admin, order({ channel: 'marketplace', externalRef: 'MP-1' }));
    expect(admin1.status).toBe(201);
    const dup = await post(admin, order({ channel: 'marketplace', externalRef: 'MP-1' }));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ type: 'urn:omni:problem:duplicate-external-ref' });
  });

  describe('who sees what', () => {
    let webShip: OrderView;
    let webPickupAt1: OrderView;
    let posOrder: OrderView;

    beforeAll(async () => {
      webShip = (await post(web, order({ customer: { id: 'c-vis' } }))).body as OrderView;
      webPickupAt1 = (await post(web, order({ customer: { id: 'c-vis' }, lines: [pickup('s-1')] }))).body as OrderView;
      posOrder = (await post(pos9, order({ channel: 'pos', customer: { id: 'c-vis' } }))).body as OrderView;
    });

    const status = async (caller: ApiClient, id: string) => (await caller.get(`/v1/orders/${id}`)).status;

    it('shows store staff only orders touching their locations, with 404 for the others', async () => {
      expect(await status(store1, webPickupAt1.id)).toBe(200);
      expect(await status(store1, webShip.id)).toBe(404);
      expect(await status(pos9, posOrder.id)).toBe(200);
      expect(await status(pos9, webPickupAt1.id)).toBe(404);
    });

    it('lets a store see an order once one of its locations fulfils it', async () => {
      await fixtures.publish(ShipmentDispatched, webShip.id, {
        orderId: webShip.id,
        fulfilmentOrderId: 'fo-9',
        locationId: 's-9',
        lines: webShip.lines.map((l) => ({ orderLineId: l.id, sku: l.sku, qty: l.qty })),
      });
      await eventually(
        async () => (await status(pos9, webShip.id)) === 200,
        20000,
        'the fulfilment location to see the order',
      );
    });

    it('lets a POS order for pickup at another store (endless aisle), seen by both stores', async () => {
      const res = await post(pos9, order({ channel: 'pos', customer: { id: 'c-aisle' }, lines: [pickup('s-1')] }));
      expect(res.status).toBe(201);
      expect(res.body.locationIds).toEqual(['s-1', 's-9']);
      expect(await status(store1, res.body.id as string)).toBe(200);
      expect(await status(pos9, res.body.id as string)).toBe(200);
    });

    it('shows channel clients only their channel, admins everything', async () => {
      expect(await status(web, webShip.id)).toBe(200);
      expect(await status(app, webShip.id)).toBe(404);
      expect(await status(web, posOrder.id)).toBe(404);
      expect(await status(admin, posOrder.id)).toBe(200);
      expect(await status(admin, randomUUID())).toBe(404);
    });

    it('filters the staff list by what the caller may see', async () => {
      const list = async (caller: ApiClient, query = '') =>
        ((await caller.get(`/v1/orders${query}`)).body.items as OrderSummary[]).map((o) => o.id);
      expect(await list(store1)).toContain(webPickupAt1.id);
      expect(await list(store1)).not.toContain(posOrder.id);
      expect(await list(web)).not.toContain(posOrder.id);
      expect(await list(admin, '?channel=pos')).toEqual(expect.arrayContaining([posOrder.id]));
      expect(await list(admin, '?channel=pos')).not.toContain(webShip.id);
      const atS1 = await list(admin, '?locationId=s-1&status=placed');
      expect(atS1).toContain(webPickupAt1.id);
      expect(atS1).not.toContain(posOrder.id);
      expect(await list(admin, `?status=shipped`)).toEqual([webShip.id]);
      expect((await store1.get('/v1/orders?locationId=s-9')).status).toBe(403);
      expect((await admin.get('/v1/orders?status=lost')).status).toBe(400);
    });

    it("pages a customer's history across every channel, newest first", async () => {
      const newestFirst = [posOrder, webPickupAt1, webShip]
        .sort((a, b) => b.placedAt.localeCompare(a.placedAt) || (a.id < b.id ? 1 : -1))
        .map((o) => o.id);
      const first = await web.get('/v1/customers/c-vis/orders?limit=2');
      expect((first.body.items as OrderSummary[]).map((o) => o.id)).toEqual(newestFirst.slice(0, 2));
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await web.get(`/v1/customers/c-vis/orders?limit=2&cursor=${first.body.nextCursor as string}`);
      expect(second.body).toMatchObject({ items: [{ id: newestFirst[2] }], nextCursor: null });
      expect(
        new Set(
          [...(first.body.items as OrderSummary[]), ...(second.body.items as OrderSummary[])].map((o) => o.channel),
        ),
      ).toEqual(new Set(['web', 'pos']));
      expect((first.body.items as OrderSummary[]).find((o) => o.id === posOrder.id)).toMatchObject({
        totals: [{ currency: 'EUR', amountMinor: 1000 }],
        lineCount: 1,
      });
      expect((await web.get('/v1/customers/c-vis/orders?cursor=garbage')).status).toBe(400);
    });

    it('lets a channel read the history only of its own customers, any store (audited), and admins', async () => {
      // c-vis never ordered through the app: to the app it is as unknown as a customer nobody knows.
      const notYours = await app.get('/v1/customers/c-vis/orders');
      const unknown = await app.get('/v1/customers/c-nobody/orders');
      expect([notYours.status, unknown.status]).toEqual([404, 404]);
      expect(notYours.body).toMatchObject({ type: 'urn:omni:problem:not-found', title: unknown.body.title });
      // The returns desk of a store that never saw this customer reads the whole history, as does an admin.
      expect(
        ((await store1.get('/v1/customers/c-vis/orders?limit=10')).body.items as OrderSummary[])
          .map((o) => o.channel)
          .sort(),
      ).toEqual(['pos', 'web', 'web']);
      expect((await admin.get('/v1/customers/c-vis/orders')).status).toBe(200);
    });
  });

  describe('attribution report', () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = () => new Date(Date.now() + 60_000).toISOString();
    const report = (caller: ApiClient, query = '') =>
      caller.get(`/v1/reports/attribution?from=${from}&to=${to()}${query}`);

    beforeAll(async () => {
      const ann = { staffId: 'ann', locationId: 's-9' };
      // Ann sells at the till, and helps a customer who completes the purchase on the web later.
      await post(pos9, order({ channel: 'pos', assistedBy: ann, lines: [ship('A', 2, 1500)] }));
      await post(web, order({ assistedBy: ann, lines: [ship('B', 1, 1000), ship('C', 1, 700)] }));
      await post(web, order({ assistedBy: ann, lines: [{ ...ship('D', 1, 900), currency: 'GBP' }] }));
      const cancelled = (
        await post(web, order({ assistedBy: { staffId: 'bob', locationId: 's-1' }, lines: [ship('E', 1, 999)] }))
      ).body;
      const cancelledId = cancelled.id as string;
      expect((await web.post(`/v1/orders/${cancelledId}/cancel`, { reason: 'test' })).status).toBe(202);
      // Fulfilment's answer (there is no fulfilment here): the lines close and stop counting as sales.
      const lineIds = (cancelled.lines as Array<{ id: string }>).map((l) => l.id);
      await fixtures.publish(CancelDecided, cancelledId, {
        orderId: cancelledId,
        cancelled: lineIds,
        refused: [],
        reason: 'test',
      });
      await eventually(
        async () => (await web.get<{ status: string }>(`/v1/orders/${cancelledId}`)).body.status === 'cancelled',
        20000,
        'the cancel to be decided',
      );
      await post(
        store1,
        order({ channel: 'pos', assistedBy: { staffId: 'cat', locationId: 's-1' }, lines: [ship('F', 3, 100)] }),
      );
    });

    it('credits an associate across channels, per currency, without cancelled lines', async () => {
      const res = await report(admin);
      expect(res.status).toBe(200);
      const ann = (res.body.associates as Array<{ staffId: string }>).find((a) => a.staffId === 'ann');
      expect(ann).toEqual({
        staffId: 'ann',
        locationId: 's-9',
        channels: ['pos', 'web'],
        totals: [
          { currency: 'EUR', salesMinor: 4700, refundedMinor: 0, netMinor: 4700, orders: 2, units: 4 },
          { currency: 'GBP', salesMinor: 900, refundedMinor: 0, netMinor: 900, orders: 1, units: 1 },
        ],
      });
      expect((res.body.associates as Array<{ staffId: string }>).map((a) => a.staffId)).not.toContain('bob');
      expect(res.body.stores).toEqual(
        expect.arrayContaining([
          { locationId: 's-1', totals: [expect.objectContaining({ salesMinor: 300, orders: 1, units: 3 })] },
        ]),
      );
    });

    it('shows store staff their own stores only', async () => {
      const own = await report(store1);
      expect((own.body.associates as Array<{ staffId: string }>).map((a) => a.staffId)).toEqual(['cat']);
      expect((await report(store1, '&locationId=s-9')).status).toBe(403);
      expect((await report(web)).status).toBe(403);
      expect((await admin.get(`/v1/reports/attribution?from=${to()}&to=${from}`)).status).toBe(400);
    });
  });
});
