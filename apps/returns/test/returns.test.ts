import { OrderPlaced, PickupHandedOver, ShipmentDelivered, type EventEnvelope } from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  channelClient,
  eventually,
  EventFixtures,
  EventReader,
  startServices,
  storeStaff,
  uniqueSuffix,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
// A journey test may start other services next to this one; production code never crosses apps.
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests may cross apps (see comment above)
import { inventoryService } from '../../inventory/src/inventory.service-definition';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests may cross apps (see comment above)
import { ordersService } from '../../orders/src/orders.service-definition';
import { returnsService } from '../src/returns.service-definition';
import { daysAgo, location, orderPlaced, type SoldLine } from './support';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('returns: authorise, receive anywhere, inspect, restock, refund', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE_A = `store-a-${run}`;
  const STORE_B = `store-b-${run}`;
  const DC = `dc-${run}`;
  let returns: RunningService;
  let inventory: RunningService;
  let orders: RunningService;
  let reader: EventReader;
  let fixtures: EventFixtures;
  let web: ApiClient;
  let admin: ApiClient;
  let staffA: ApiClient;
  let staffB: ApiClient;

  beforeAll(async () => {
    [returns, inventory, orders] = await startServices(prefix, [returnsService, inventoryService, ordersService]);
    reader = await EventReader.open(prefix, ['returns']);
    fixtures = new EventFixtures(prefix);
    web = apiClient(returns, WEB);
    admin = apiClient(returns, ADMIN);
    staffA = apiClient(returns, storeStaff(STORE_A));
    staffB = apiClient(returns, storeStaff(STORE_B));

    const stockAdmin = apiClient(inventory, ADMIN);
    for (const [id, body] of [
      [STORE_A, location('store', 48.86, 2.35)],
      [STORE_B, location('store', 48.85, 2.29)],
      [DC, location('dc', 48.9, 2.5)],
    ] as const) {
      const put = await stockAdmin.put(`/v1/locations/${id}`, body);
      expect(put.status).toBeLessThan(300);
    }

    const policy = await admin.put('/v1/return-policy', {
      defaultWindowDays: 30,
      restockingFeeBps: 1000,
      feeWaivedReasons: ['defective', 'wrong-item'],
      categories: [{ category: 'electronics', windowDays: 14, skuPrefixes: ['EL-'] }],
    });
    expect(policy.status).toBe(200);
    expect((await admin.put(`/v1/return-policy/skus/GIFTCARD-${run}`, { returnable: false })).status).toBe(200);
  });

  afterAll(async () => {
    await fixtures?.close();
    await reader?.close();
    await Promise.all([returns?.stop(), inventory?.stop(), orders?.stop()]);
  });

  /** An online order for pickup at store A, handed over there `handedOverDaysAgo` days ago (or not yet). */
  async function collectedOrder(lines: SoldLine[], handedOverDaysAgo: number | null): Promise<string> {
    const orderId = `o-${uniqueSuffix()}`;
    await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, lines, STORE_A));
    if (handedOverDaysAgo !== null) {
      await fixtures.publish(
        PickupHandedOver,
        orderId,
        {
          orderId,
          fulfilmentOrderId: `fo-${orderId}`,
          locationId: STORE_A,
          lines: lines.map(({ orderLineId, sku, qty }) => ({ orderLineId, sku, qty })),
        },
        { occurredAt: daysAgo(handedOverDaysAgo) },
      );
    }
    const table = handedOverDaysAgo === null ? 'order_lines' : 'line_fulfilments';
    await eventually(
      async () => (await returns.sql(`SELECT 1 FROM ${table} WHERE order_id = $1`, [orderId])).length === lines.length,
      20000,
      `order ${orderId} in the projection`,
    );
    return orderId;
  }

  const returnsOf = async (orderId: string) => returns.sql(`SELECT id FROM returns WHERE order_id = $1`, [orderId]);
  const outboxed = async (type: string, returnId: string) =>
    Number(
      (
        await returns.sql<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE type = $1 AND aggregateid = $2`, [
          type,
          returnId,
        ])
      )[0].n,
    );
  const eventsOf = <T>(type: string, returnId: string) =>
    reader.events<T & { returnId: string }>(type).filter((e) => e.data.returnId === returnId);

  it('restocks at store B an online order collected at store A, keeps damaged units unsellable, and refunds less the fee', async () => {
    const sku = `TSHIRT-${run}`;
    // The real orders service takes the web order (it learns of store A from inventory's location event) ...
    await eventually(
      async () => (await orders.sql(`SELECT 1 FROM known_locations WHERE id = $1`, [STORE_A])).length === 1,
      20000,
      'store A at orders',
    );
    // Orders takes only SKUs some location has stocked: store A received these, and orders has heard so.
    expect(
      (
        await apiClient(inventory, ADMIN).post('/v1/stock/movements', {
          sku,
          locationId: STORE_A,
          type: 'receipt',
          quantity: 3,
        })
      ).status,
    ).toBe(201);
    await eventually(
      async () => (await orders.sql(`SELECT 1 FROM known_skus WHERE sku = $1`, [sku])).length === 1,
      20000,
      'the SKU at orders',
    );
    const shop = apiClient(orders, WEB);
    const placed = await shop.post('/v1/orders', {
      channel: 'web',
      customer: { id: `cust-${run}` },
      lines: [{ sku, qty: 3, unitPrice: 2599, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE_A } }],
    });
    expect(placed.status).toBe(201);
    const orderId: string = placed.body.id;
    const lineId: string = placed.body.lines[0].id;
    // ... and fulfilment (a fixture here) hands it over at store A.
    await fixtures.publish(PickupHandedOver, orderId, {
      orderId,
      fulfilmentOrderId: `fo-${orderId}`,
      locationId: STORE_A,
      lines: [{ orderLineId: lineId, sku, qty: 3 }],
    });
    await eventually(
      async () => (await returns.sql(`SELECT 1 FROM line_fulfilments WHERE order_id = $1`, [orderId])).length === 1,
      20000,
      'the handover at returns',
    );

    const authorised = await web.post(
      '/v1/returns',
      {
        orderId,
        returnTo: { method: 'in-store', locationId: STORE_B },
        lines: [{ orderLineId: lineId, qty: 3, reason: 'changed-mind' }],
      },
      { 'idempotency-key': `auth-${orderId}` },
    );
    expect(authorised.status).toBe(201);
    expect(authorised.body).toMatchObject({
      orderId,
      status: 'authorised',
      channel: 'web',
      returnTo: { method: 'in-store', locationId: STORE_B },
    });
    const returnId: string = authorised.body.id;

    // Store A's staff cannot book a receipt at store B.
    expect((await staffA.post(`/v1/returns/${returnId}/receive`, { locationId: STORE_B })).status).toBe(403);

    const receipt = { locationId: STORE_B };
    const received = await staffB.post(`/v1/returns/${returnId}/receive`, receipt, {
      'idempotency-key': `recv-${returnId}`,
    });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({
      status: 'received',
      received: { locationId: STORE_B },
      lines: [{ orderLineId: lineId, receivedQty: 3 }],
    });

    const retried = await staffB.post(`/v1/returns/${returnId}/receive`, receipt, {
      'idempotency-key': `recv-${returnId}`,
    });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(received.body);
    expect(await outboxed('returns.items-received', returnId)).toBe(1);
    // A second receipt under a new key is a conflict, not a second effect.
    const again = await staffB.post(`/v1/returns/${returnId}/receive`, receipt, {
      'idempotency-key': `recv2-${returnId}`,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ rule: 'return-status' });
    expect(await outboxed('returns.items-received', returnId)).toBe(1);

    const inspected = await staffB.post(
      `/v1/returns/${returnId}/inspect`,
      {
        lines: [
          { orderLineId: lineId, disposition: 'restock', qty: 2 },
          { orderLineId: lineId, disposition: 'damaged', qty: 1, note: 'torn seam' },
        ],
      },
      { 'idempotency-key': `insp-${returnId}` },
    );
    expect(inspected.status).toBe(200);
    // 3 x 25.99 = 77.97, less the 10% restocking fee for a change of mind (7.797, rounded down to 7.79).
    expect(inspected.body).toMatchObject({
      status: 'inspected',
      refund: { totalMinor: 7018, currency: 'EUR' },
      lines: [{ orderLineId: lineId, refund: { qty: 3, feeMinor: 779, amountMinor: 7018 } }],
    });

    // Inventory (the real service) books the units at store B, which never stocked the SKU.
    const stockAdmin = apiClient(inventory, ADMIN);
    const levelAtB = await eventually(
      async () => {
        const levels = await stockAdmin.get<
          Array<{ locationId: string; onHand: number; damaged: number; sellable: number }>
        >(`/v1/stock/${sku}/levels`);
        return levels.body.find((l) => l.locationId === STORE_B && l.onHand === 3);
      },
      30000,
      'the restock at store B',
    );
    expect(levelAtB).toMatchObject({ onHand: 3, damaged: 1, sellable: 2 });
    const pos = await apiClient(inventory, storeStaff(STORE_B)).get(`/v1/availability/${sku}?channel=pos`);
    expect(pos.status).toBe(200);
    expect(pos.body.locations).toEqual(
      expect.arrayContaining([expect.objectContaining({ locationId: STORE_B, available: 2 })]),
    );

    await reader.waitFor(
      (r) => r.events('returns.refund-decided').some((e) => (e.data as { returnId?: string }).returnId === returnId),
      20000,
      'the refund',
    );
    expect(eventsOf('returns.item-restocked', returnId).map((e) => e.data)).toEqual([
      { returnId, orderId, orderLineId: lineId, sku, locationId: STORE_B, qty: 2, disposition: 'restock' },
      { returnId, orderId, orderLineId: lineId, sku, locationId: STORE_B, qty: 1, disposition: 'damaged' },
    ]);
    expect(eventsOf('returns.items-received', returnId).map((e) => e.data)).toEqual([
      { returnId, orderId, locationId: STORE_B, lines: [{ orderLineId: lineId, qty: 3, sku }] },
    ]);
    expect(eventsOf('returns.refund-decided', returnId).map((e) => e.data)).toEqual([
      {
        returnId,
        orderId,
        lines: [{ orderLineId: lineId, qty: 3, amountMinor: 7018, currency: 'EUR' }],
        totalMinor: 7018,
        currency: 'EUR',
      },
    ]);
    expect(eventsOf('returns.return-authorised', returnId)).toHaveLength(1);
    expect(eventsOf('returns.line-inspected', returnId)).toHaveLength(2);

    // The order, at the real orders service, shows the return at store B and its refund.
    const shown = await eventually(
      async () => {
        const order = await shop.get(`/v1/orders/${orderId}`);
        return order.body.lines[0].refundedQty === 3 ? order.body : undefined;
      },
      20000,
      'the refund on the order',
    );
    expect(shown.lines[0]).toMatchObject({ status: 'refunded', returnedQty: 3, refundedQty: 3 });
    expect(shown.returns).toEqual([
      {
        returnId,
        locationId: STORE_B,
        lines: [
          { orderLineId: lineId, receivedQty: 3, refundedQty: 3, refunded: { currency: 'EUR', amountMinor: 7018 } },
        ],
      },
    ]);
    const history = await web.get(`/v1/orders/${orderId}/returns`);
    expect(history.status).toBe(200);
    expect(history.body.returns).toEqual([
      expect.objectContaining({ id: returnId, status: 'inspected', refund: { totalMinor: 7018, currency: 'EUR' } }),
    ]);
    // Everything it bought has come back: nothing more can be returned.
    const more = await web.post('/v1/returns', {
      orderId,
      returnTo: { method: 'in-store', locationId: STORE_A },
      lines: [{ orderLineId: lineId, qty: 1, reason: 'other' }],
    });
    expect(more.status).toBe(422);
    expect(more.body).toMatchObject({ rule: 'quantity' });
  });

  it('refuses to return more than was bought, or than is left once open returns are counted, writing nothing', async () => {
    const orderId = await collectedOrder([{ orderLineId: 'L1', sku: `JEANS-${run}`, qty: 2, unitPriceMinor: 5000 }], 1);
    const ask = (qty: number) =>
      web.post('/v1/returns', {
        orderId,
        returnTo: { method: 'post', locationId: DC },
        lines: [{ orderLineId: 'L1', qty, reason: 'wrong-size' }],
      });

    const tooMany = await ask(3);
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(tooMany.body).toMatchObject({
      type: 'urn:omni:problem:return-refused',
      rule: 'quantity',
      violations: [{ orderLineId: 'L1', requested: 3, returnable: 2, bought: 2 }],
    });
    expect(await returnsOf(orderId)).toHaveLength(0);

    expect((await ask(1)).status).toBe(201);
    const beyondOpen = await ask(2);
    expect(beyondOpen.status).toBe(422);
    expect(beyondOpen.body).toMatchObject({ rule: 'quantity', violations: [{ returnable: 1, alreadyReturned: 1 }] });
    expect(await returnsOf(orderId)).toHaveLength(1);

    // Many clients at once: the order's lines are locked while a return is checked, so no unit is promised twice.
    const contested = await collectedOrder(
      [{ orderLineId: 'L1', sku: `JEANS-${run}`, qty: 2, unitPriceMinor: 5000 }],
      1,
    );
    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        web.post('/v1/returns', {
          orderId: contested,
          returnTo: { method: 'post', locationId: DC },
          lines: [{ orderLineId: 'L1', qty: 1, reason: 'other' }],
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 422, 422, 422, 422]);
    expect(await returnsOf(contested)).toHaveLength(2);

    const notCollected = await collectedOrder(
      [{ orderLineId: 'L1', sku: `JEANS-${run}`, qty: 1, unitPriceMinor: 5000 }],
      null,
    );
    const early = await web.post('/v1/returns', {
      orderId: notCollected,
      returnTo: { method: 'in-store', locationId: STORE_B },
      lines: [{ orderLineId: 'L1', qty: 1, reason: 'other' }],
    });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({
      rule: 'quantity',
      detail: expect.stringMatching(/nothing of it has been handed over/),
    });
  });

  it('refuses a return after the window, per SKU category, and a non-returnable SKU, each naming its rule', async () => {
    const orderId = await collectedOrder(
      [
        { orderLineId: 'TV', sku: `EL-TV-${run}`, qty: 1, unitPriceMinor: 49900 },
        { orderLineId: 'SHIRT', sku: `SHIRT-${run}`, qty: 1, unitPriceMinor: 1999 },
        { orderLineId: 'OLD', sku: `SOCKS-${run}`, qty: 1, unitPriceMinor: 499 },
        { orderLineId: 'GIFT', sku: `GIFTCARD-${run}`, qty: 1, unitPriceMinor: 5000 },
      ],
      20,
    );
    const ask = (orderLineId: string) =>
      web.post('/v1/returns', {
        orderId,
        returnTo: { method: 'in-store', locationId: STORE_B },
        lines: [{ orderLineId, qty: 1, reason: 'changed-mind' }],
      });

    const tv = await ask('TV');
    expect(tv.status).toBe(422);
    expect(tv.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(tv.body).toMatchObject({
      rule: 'return-window',
      violations: [{ orderLineId: 'TV', windowDays: 14, category: 'electronics' }],
    });

    const gift = await ask('GIFT');
    expect(gift.status).toBe(422);
    expect(gift.body).toMatchObject({ rule: 'non-returnable', violations: [{ orderLineId: 'GIFT' }] });

    const unknownLine = await ask('NOPE');
    expect(unknownLine.status).toBe(422);
    expect(unknownLine.body).toMatchObject({ rule: 'order-line' });
    expect(await returnsOf(orderId)).toHaveLength(0);

    // The default 30-day window still covers the shirt bought with the TV.
    expect((await ask('SHIRT')).status).toBe(201);

    const unknownOrder = await web.post('/v1/returns', {
      orderId: `never-${run}`,
      returnTo: { method: 'in-store', locationId: STORE_B },
      lines: [{ orderLineId: 'L1', qty: 1, reason: 'other' }],
    });
    expect(unknownOrder.body).toMatchObject({ status: 404, type: 'urn:omni:problem:order-unknown' });
    // "Not yours" is not "not yet": another channel's order reads as not-found, for a return and for its returns.
    const app = apiClient(returns, channelClient('app'));
    const notYours = await app.post('/v1/returns', {
      orderId,
      returnTo: { method: 'in-store', locationId: STORE_B },
      lines: [{ orderLineId: 'SHIRT', qty: 1, reason: 'other' }],
    });
    expect(notYours.body).toMatchObject({ status: 404, type: 'urn:omni:problem:not-found' });
    expect((await app.get(`/v1/orders/${orderId}/returns`)).body).toMatchObject({
      status: 404,
      type: 'urn:omni:problem:not-found',
    });
    expect((await app.get(`/v1/orders/never-${run}/returns`)).body).toMatchObject({
      status: 404,
      type: 'urn:omni:problem:order-unknown',
    });

    const expired = await collectedOrder([{ orderLineId: 'L1', sku: `SOCKS-${run}`, qty: 1, unitPriceMinor: 499 }], 40);
    const late = await web.post('/v1/returns', {
      orderId: expired,
      returnTo: { method: 'in-store', locationId: STORE_B },
      lines: [{ orderLineId: 'L1', qty: 1, reason: 'other' }],
    });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ rule: 'return-window', violations: [{ windowDays: 30 }] });
    expect(await returnsOf(expired)).toHaveLength(0);
  });

  it('counts a shipment window from the carrier delivery time, even when the delivery was recorded later', async () => {
    const shipped = async (deliveredDaysAgo: number) => {
      const orderId = `o-ship-${uniqueSuffix()}`;
      await fixtures.publish(
        OrderPlaced,
        orderId,
        orderPlaced(orderId, [{ orderLineId: 'L1', sku: `SOCKS-${run}`, qty: 1, unitPriceMinor: 499 }], STORE_A),
      );
      // Recorded today (occurredAt now), delivered by the carrier `deliveredDaysAgo` days ago.
      await fixtures.publish(ShipmentDelivered, orderId, {
        orderId,
        fulfilmentOrderId: `fo-${orderId}`,
        lines: [{ orderLineId: 'L1', sku: `SOCKS-${run}`, qty: 1 }],
        deliveredAt: daysAgo(deliveredDaysAgo).toISOString(),
      });
      await eventually(
        async () => (await returns.sql(`SELECT 1 FROM line_fulfilments WHERE order_id = $1`, [orderId])).length === 1,
        20000,
        `order ${orderId} delivered in the projection`,
      );
      return web.post('/v1/returns', {
        orderId,
        returnTo: { method: 'in-store', locationId: STORE_B },
        lines: [{ orderLineId: 'L1', qty: 1, reason: 'other' }],
      });
    };
    const late = await shipped(40);
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ rule: 'return-window', violations: [{ windowDays: 30 }] });
    expect((await shipped(5)).status).toBe(201);
  });

  it('takes a walk-in return at the POS in one call, only at the caller’s store, and sends units to a vendor or a DC', async () => {
    const orderId = await collectedOrder(
      [{ orderLineId: 'L1', sku: `KETTLE-${run}`, qty: 2, unitPriceMinor: 3000 }],
      3,
    );
    const body = { orderId, locationId: STORE_B, lines: [{ orderLineId: 'L1', qty: 2, reason: 'defective' }] };

    expect((await staffA.post('/v1/returns/walk-in', body)).status).toBe(403);
    const walkIn = await staffB.post('/v1/returns/walk-in', body, { 'idempotency-key': `walk-${orderId}` });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body).toMatchObject({
      status: 'received',
      channel: 'pos',
      received: { locationId: STORE_B },
      lines: [{ authorisedQty: 2, receivedQty: 2 }],
    });
    const returnId: string = walkIn.body.id;
    expect(await outboxed('returns.return-authorised', returnId)).toBe(1);
    expect(await outboxed('returns.items-received', returnId)).toBe(1);

    // Only staff where the units are may inspect them; to another store, a walk-in elsewhere is as good as missing.
    expect(
      (
        await staffA.post(`/v1/returns/${returnId}/inspect`, {
          lines: [{ orderLineId: 'L1', disposition: 'restock', qty: 1 }],
        })
      ).status,
    ).toBe(404);
    const tooMany = await staffB.post(`/v1/returns/${returnId}/inspect`, {
      lines: [{ orderLineId: 'L1', disposition: 'restock', qty: 3 }],
    });
    expect(tooMany.status).toBe(422);

    const first = await staffB.post(`/v1/returns/${returnId}/inspect`, {
      lines: [{ orderLineId: 'L1', disposition: 'return-to-vendor', qty: 1 }],
    });
    expect(first.body).toMatchObject({ status: 'received', refund: null });
    const second = await staffB.post(`/v1/returns/${returnId}/inspect`, {
      lines: [{ orderLineId: 'L1', disposition: 'transfer', qty: 1, toLocationId: DC }],
    });
    // A defective item carries no restocking fee.
    expect(second.body).toMatchObject({ status: 'inspected', refund: { totalMinor: 6000 } });

    await reader.waitFor(
      (r) => r.events('returns.item-transferred').some((e) => (e.data as { returnId?: string }).returnId === returnId),
      20000,
      'the transfer',
    );
    expect(eventsOf('returns.item-sent-to-vendor', returnId).map((e) => e.data)).toEqual([
      expect.objectContaining({ locationId: STORE_B, qty: 1 }),
    ]);
    expect(eventsOf('returns.item-transferred', returnId).map((e) => e.data)).toEqual([
      expect.objectContaining({ fromLocationId: STORE_B, toLocationId: DC, qty: 1 }),
    ]);
    expect(eventsOf('returns.item-restocked', returnId)).toHaveLength(0);

    expect((await apiClient(returns, storeStaff(STORE_A)).get(`/v1/returns/${returnId}`)).status).toBe(404);
    const fetched = await staffB.get(`/v1/returns/${returnId}`);
    expect(fetched.status).toBe(200);
    expect(
      fetched.body.lines[0].dispositions.map((d: EventEnvelope['data'] & { disposition: string }) => d.disposition),
    ).toEqual(['return-to-vendor', 'transfer']);
  });
});
