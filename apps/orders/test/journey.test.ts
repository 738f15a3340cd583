import {
  Allocated,
  CancelDecided,
  CancelRequested,
  FulfilmentOrderCreated,
  ItemsReceived,
  HoldSnapshot,
  LinesUnfulfillable,
  LocationSnapshot,
  OrderCancelled,
  OrderPlaced,
  PickupExpired,
  PickupHandedOver,
  ReadyForPickup,
  RefundDecided,
  ShipmentDelivered,
  ShipmentDispatched,
  type CancelRequestedV1,
  type OrderCancelledV1,
  type OrderPlacedV1,
} from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  EventFixtures,
  EventReader,
  startTestService,
  storeStaff,
  uniqueSuffix,
  waitForGroup,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
import type { OrderView } from '../src/orders/order-view';
import { OrderChanges } from '../src/status/order-changes';
import { ordersService } from '../src/orders.service-definition';
import { principalKey } from '@omni/platform';
import { ADDRESS, holdSnapshot, location, stockSkus, waitForRows } from './support/fixtures';

// The journey told by events alone: fixture events of inventory, fulfilment and returns are
// published onto their topics; the order is only ever looked at through GET.
describe('order journey from events', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let svc: RunningService;
  let reader: EventReader;
  let fixtures: EventFixtures;
  let admin: ApiClient;
  let web: ApiClient;
  let pos: ApiClient;
  const placed: string[] = [];

  beforeAll(async () => {
    svc = await startTestService(ordersService, { topicPrefix: prefix });
    reader = await EventReader.open(prefix, ['orders']);
    fixtures = new EventFixtures(prefix);
    admin = apiClient(svc, ADMIN);
    // The events and the hold below name these principals.
    web = apiClient(svc, { ...WEB, sub: 'web-shop' });
    pos = apiClient(svc, { ...storeStaff('s-9'), sub: 'till-9' });
    await fixtures.publish(LocationSnapshot, 's-1', location('s-1'));
    await fixtures.publish(LocationSnapshot, 's-9', location('s-9'));
    await waitForRows(svc, `SELECT 1 FROM known_locations`, [], 2, 'the location projection');
    await stockSkus(
      fixtures,
      svc,
      [...'ABCDEFGHIJK'].map((c) => `SKU-${c}`),
    );
  });

  afterAll(async () => {
    await fixtures?.close();
    await reader?.close();
    await svc?.stop();
  });

  const place = async (caller: ApiClient, body: Record<string, unknown>): Promise<OrderView> => {
    const res = await caller.post<OrderView>('/v1/orders', body);
    expect(res.status).toBe(201);
    const order = res.body;
    placed.push(order.id);
    return order;
  };
  const get = async (id: string): Promise<OrderView> => (await admin.get<OrderView>(`/v1/orders/${id}`)).body;
  const reaches = (id: string, status: string) =>
    eventually(
      async () => ((await get(id)).status === status ? get(id) : undefined),
      20000,
      `order ${id} to be ${status}`,
    );
  const goods = (order: OrderView, lineIds = order.lines.map((l) => l.id)) =>
    order.lines.filter((l) => lineIds.includes(l.id)).map((l) => ({ orderLineId: l.id, sku: l.sku, qty: l.qty }));
  const pickupLine = (sku: string, locationId = 's-1') => ({
    sku,
    qty: 1,
    unitPrice: 2500,
    currency: 'EUR',
    delivery: { type: 'pickup', locationId },
  });
  const shipLine = (sku: string, qty = 1) => ({
    sku,
    qty,
    unitPrice: 1000,
    currency: 'EUR',
    delivery: { type: 'ship', address: ADDRESS },
  });

  it('takes a web order for pickup at a store through to picked up, and publishes what fulfilment needs', async () => {
    const order = await place(web, {
      channel: 'web',
      customer: { id: 'c-1', email: 'c1@example.com' },
      lines: [pickupLine('SKU-A'), pickupLine('SKU-B')],
    });
    expect(order).toMatchObject({ status: 'placed', channel: 'web', locationIds: ['s-1'] });

    await reader.waitFor((r) => r.events(OrderPlaced.type).some((e) => e.key === order.id), 20000, 'order-placed');
    const event = reader.events<OrderPlacedV1>(OrderPlaced.type).find((e) => e.key === order.id);
    expect(event?.data).toMatchObject({
      orderId: order.id,
      channel: 'web',
      customer: { id: 'c-1', email: 'c1@example.com' },
      lines: order.lines.map((l) => ({
        orderLineId: l.id,
        sku: l.sku,
        qty: 1,
        unitPriceMinor: 2500,
        currency: 'EUR',
        delivery: { type: 'pickup', locationId: 's-1' },
      })),
    });
    expect(event?.actor).toMatchObject({ channel: 'web', principal: 'web-shop' });

    const at = { locationId: 's-1', principal: 'clerk-1' };
    const allocation = {
      orderId: order.id,
      requestId: 'r-1',
      lines: goods(order).map((l) => ({ ...l, locationId: 's-1' })),
    };
    await fixtures.publish(Allocated, order.id, allocation);
    await reaches(order.id, 'allocated');
    const fo = { orderId: order.id, fulfilmentOrderId: 'fo-1', locationId: 's-1', lines: goods(order) };
    await fixtures.publish(FulfilmentOrderCreated, order.id, fo, { actor: at });
    await fixtures.publish(ReadyForPickup, order.id, { ...fo, expiresAt: '2030-01-01T00:00:00.000Z' }, { actor: at });
    await reaches(order.id, 'ready_for_pickup');
    await fixtures.publish(PickupHandedOver, order.id, fo, { actor: at });

    const done = await reaches(order.id, 'completed');
    expect(done.lines.map((l) => [l.status, l.fulfilment])).toEqual([
      ['picked_up', { fulfilmentOrderId: 'fo-1', locationId: 's-1' }],
      ['picked_up', { fulfilmentOrderId: 'fo-1', locationId: 's-1' }],
    ]);
    expect(done.timeline.map((t) => t.step)).toEqual([
      'placed',
      'allocated',
      'in_fulfilment',
      'ready_for_pickup',
      'picked_up',
    ]);
    expect(done.timeline[4]).toMatchObject({
      eventType: PickupHandedOver.type,
      locationId: 's-1',
      actor: at,
      lineIds: order.lines.map((l) => l.id),
    });
    expect(done.timeline[3].detail).toEqual({ expiresAt: '2030-01-01T00:00:00.000Z' });
  });

  it('takes a POS order for delivery, carrying a hold at another store, to delivered whatever order the topics deliver in', async () => {
    // Endless aisle: the till at s-9 holds stock at s-1 and has it shipped to the customer.
    await fixtures.publish(
      HoldSnapshot,
      'h-pos',
      holdSnapshot('h-pos', principalKey({ ...storeStaff('s-9'), sub: 'till-9' }), {
        channel: 'pos',
        lines: [{ lineNo: 1, sku: 'SKU-C', locationId: 's-1', qty: 2 }],
      }),
    );
    await waitForRows(svc, `SELECT 1 FROM known_holds WHERE id = 'h-pos'`, [], 1, 'the hold projection');
    const order = await place(pos, {
      channel: 'pos',
      customer: { id: 'c-2' },
      lines: [shipLine('SKU-C', 2)],
      holdId: 'h-pos',
      assistedBy: { staffId: 'ann', locationId: 's-9' },
    });
    const fo = { orderId: order.id, fulfilmentOrderId: 'fo-2', locationId: 's-1', lines: goods(order) };

    // Fulfilment's dispatch overtakes inventory's allocation (different topics): the late allocation must not pull the line back.
    await fixtures.publish(
      ShipmentDispatched,
      order.id,
      { ...fo, carrier: 'dpd', trackingNumber: 'T-1' },
      { actor: { locationId: 's-1' } },
    );
    await reaches(order.id, 'shipped');
    const allocation = {
      orderId: order.id,
      requestId: 'r-2',
      holdId: 'h-pos',
      lines: goods(order).map((l) => ({ ...l, locationId: 's-1' })),
    };
    const late = await fixtures.publish(Allocated, order.id, allocation);
    await eventually(
      async () => (await get(order.id)).timeline.some((t) => t.eventId === late.id),
      20000,
      'the late allocation',
    );
    expect((await get(order.id)).status).toBe('shipped');
    expect((await svc.sql(`SELECT status FROM known_holds WHERE id = 'h-pos'`))[0]).toEqual({ status: 'converted' });

    await fixtures.publish(ShipmentDelivered, order.id, {
      orderId: order.id,
      fulfilmentOrderId: 'fo-2',
      lines: goods(order),
    });
    const done = await reaches(order.id, 'completed');
    expect(done.lines[0]).toMatchObject({
      status: 'delivered',
      fulfilment: { fulfilmentOrderId: 'fo-2', locationId: 's-1' },
    });
    expect(done).toMatchObject({ channel: 'pos', holdId: 'h-pos', assistedBy: { staffId: 'ann', locationId: 's-9' } });
    expect(done.timeline.map((t) => t.step)).toEqual(['placed', 'shipped', 'allocated', 'delivered']);
    expect(done.timeline[0]).toMatchObject({
      locationId: 's-9',
      actor: { principal: 'till-9', channel: 'pos', locationId: 's-9' },
    });

    // A return received in any store, then refunded.
    const lineId = order.lines[0].id;
    await fixtures.publish(ItemsReceived, 'ret-1', {
      returnId: 'ret-1',
      orderId: order.id,
      locationId: 's-9',
      lines: [{ orderLineId: lineId, qty: 2 }],
    });
    await reaches(order.id, 'returned');
    const refund = {
      returnId: 'ret-1',
      orderId: order.id,
      lines: [{ orderLineId: lineId, qty: 2, amountMinor: 2000, currency: 'EUR' }],
      totalMinor: 2000,
      currency: 'EUR',
    };
    await fixtures.publish(RefundDecided, 'ret-1', refund);
    const refunded = await reaches(order.id, 'refunded');
    expect(refunded.lines[0]).toMatchObject({ status: 'refunded', returnedQty: 2, refundedQty: 2 });
    expect(refunded.returns).toEqual([
      {
        returnId: 'ret-1',
        locationId: 's-9',
        lines: [
          { orderLineId: lineId, receivedQty: 2, refundedQty: 2, refunded: { currency: 'EUR', amountMinor: 2000 } },
        ],
      },
    ]);
  });

  it('is partially fulfilled when one line cannot be served and the other is delivered', async () => {
    const order = await place(web, {
      channel: 'web',
      customer: { id: 'c-3' },
      lines: [shipLine('SKU-D'), shipLine('SKU-E')],
    });
    const [served, lost] = order.lines;
    await fixtures.publish(LinesUnfulfillable, order.id, {
      orderId: order.id,
      lines: [{ orderLineId: lost.id, reason: 'no-stock-anywhere' }],
    });
    const fo = { orderId: order.id, fulfilmentOrderId: 'fo-3', locationId: 's-1', lines: goods(order, [served.id]) };
    await fixtures.publish(ShipmentDispatched, order.id, fo);
    await fixtures.publish(ShipmentDelivered, order.id, {
      orderId: order.id,
      fulfilmentOrderId: 'fo-3',
      lines: fo.lines,
    });
    const done = await reaches(order.id, 'partially_fulfilled');
    expect(done.lines.map((l) => [l.status, l.statusReason])).toEqual([
      ['delivered', null],
      ['unfulfillable', 'no-stock-anywhere'],
    ]);
  });

  it('asks fulfilment to cancel a placed order (202), and closes its lines once fulfilment has decided', async () => {
    const order = await place(web, {
      channel: 'web',
      customer: { id: 'c-4' },
      lines: [pickupLine('SKU-F'), shipLine('SKU-G')],
    });
    await fixtures.publish(Allocated, order.id, {
      orderId: order.id,
      requestId: 'r-4',
      lines: goods(order).map((l) => ({ ...l, locationId: 's-1' })),
    });
    await reaches(order.id, 'allocated');

    const res = await web.post<OrderView>(`/v1/orders/${order.id}/cancel`, { reason: 'changed my mind' });
    expect(res.status).toBe(202);
    // Not shown cancelled before fulfilment, which holds the goods, says so.
    const requested = { status: 'allocated', cancellation: { status: 'requested', reason: 'changed my mind' } };
    expect(res.body).toMatchObject({ status: 'allocated', lines: [requested, requested] });
    const lineIds = order.lines.map((l) => l.id);
    await reader.waitFor(
      (r) => r.events(CancelRequested.type).some((e) => e.key === order.id),
      20000,
      'cancel-requested',
    );
    // Asking again while fulfilment decides asks nothing more.
    expect((await web.post(`/v1/orders/${order.id}/cancel`, { reason: 'again' })).status).toBe(202);

    await fixtures.publish(CancelDecided, order.id, {
      orderId: order.id,
      cancelled: lineIds,
      refused: [],
      reason: 'changed my mind',
    });
    const done = await reaches(order.id, 'cancelled');
    expect(done.lines.map((l) => [l.status, l.statusReason, l.cancellation])).toEqual([
      ['cancelled', 'changed my mind', null],
      ['cancelled', 'changed my mind', null],
    ]);
    expect(done.timeline.map((t) => t.step)).toEqual(['placed', 'allocated', 'cancel_requested', 'cancelled']);
    expect(
      reader
        .events<CancelRequestedV1>(CancelRequested.type)
        .filter((e) => e.key === order.id)
        .map((e) => e.data),
    ).toEqual([{ orderId: order.id, lineIds, reason: 'changed my mind' }]);
    // Decided: a repeated cancel is a no-op answered 200, and orders never published a cancel of its own.
    expect((await web.post(`/v1/orders/${order.id}/cancel`, { reason: 'again' })).status).toBe(200);
    // Its outbox, not the topic: an event written with the decision would be there at once, on the topic only later.
    expect(
      await svc.sql(`SELECT 1 FROM outbox WHERE type = $1 AND aggregateid = $2`, [OrderCancelled.type, order.id]),
    ).toEqual([]);
  });

  it('shows a refused cancel beside the line whose goods had already left', async () => {
    const order = await place(web, {
      channel: 'web',
      customer: { id: 'c-5' },
      lines: [shipLine('SKU-H'), shipLine('SKU-I')],
    });
    const second = order.lines[1].id;
    const res = await web.post<OrderView>(`/v1/orders/${order.id}/cancel`, { lineIds: [second], reason: 'duplicate' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'placed',
      lines: [
        { status: 'placed', cancellation: null },
        { status: 'placed', cancellation: { status: 'requested' } },
      ],
    });
    await reader.waitFor(
      (r) => r.events(CancelRequested.type).some((e) => e.key === order.id),
      20000,
      'cancel-requested',
    );
    expect(reader.events<CancelRequestedV1>(CancelRequested.type).find((e) => e.key === order.id)?.data).toEqual({
      orderId: order.id,
      lineIds: [second],
      reason: 'duplicate',
    });

    // The parcel left before the cancel reached the store: fulfilment refuses it.
    await fixtures.publish(ShipmentDispatched, order.id, {
      orderId: order.id,
      fulfilmentOrderId: 'fo-5',
      locationId: 's-1',
      lines: goods(order, [second]),
    });
    const why = 'the goods had already left';
    await fixtures.publish(CancelDecided, order.id, {
      orderId: order.id,
      cancelled: [],
      refused: [{ orderLineId: second, reason: why }],
      reason: 'duplicate',
    });
    const done = await eventually(
      async () => {
        const o = await get(order.id);
        return o.lines[1].cancellation?.status === 'refused' ? o : undefined;
      },
      20000,
      'the refusal',
    );
    expect(done.lines.map((l) => [l.status, l.cancellation])).toEqual([
      ['placed', null],
      ['shipped', { status: 'refused', reason: why }],
    ]);
    expect(done.timeline.at(-1)).toMatchObject({ step: 'cancel_refused', lineIds: [second] });
  });

  it('refuses to cancel after handover with a 409 problem saying to start a return', async () => {
    const order = await place(web, { channel: 'web', customer: { id: 'c-6' }, lines: [pickupLine('SKU-J')] });
    await fixtures.publish(PickupHandedOver, order.id, {
      orderId: order.id,
      fulfilmentOrderId: 'fo-6',
      locationId: 's-1',
      lines: goods(order),
    });
    await reaches(order.id, 'completed');
    const outboxBefore = await svc.sql(`SELECT 1 FROM outbox`);

    const res = await web.post(`/v1/orders/${order.id}/cancel`, { reason: 'too late' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:omni:problem:cancel-too-late',
      detail: expect.stringMatching(/start a return/),
    });
    expect((await get(order.id)).lines[0].status).toBe('picked_up');
    expect(await svc.sql(`SELECT 1 FROM outbox`)).toHaveLength(outboxBefore.length);
  });

  it('cancels the lines of a pickup nobody collected and tells inventory through orders.order-cancelled', async () => {
    const order = await place(web, { channel: 'web', customer: { id: 'c-7' }, lines: [pickupLine('SKU-K')] });
    const fo = { orderId: order.id, fulfilmentOrderId: 'fo-7', locationId: 's-1', lines: goods(order) };
    await fixtures.publish(ReadyForPickup, order.id, { ...fo, expiresAt: new Date().toISOString() });
    await fixtures.publish(PickupExpired, order.id, {
      orderId: order.id,
      fulfilmentOrderId: 'fo-7',
      lines: goods(order),
    });
    const done = await reaches(order.id, 'cancelled');
    expect(done.lines[0]).toMatchObject({ status: 'cancelled', statusReason: 'pickup-expired' });
    expect(done.timeline.at(-1)).toMatchObject({ step: 'pickup_expired', locationId: 's-1' });
    await reader.waitFor(
      (r) => r.events(OrderCancelled.type).some((e) => e.key === order.id),
      20000,
      'order-cancelled',
    );
    expect(reader.events<OrderCancelledV1>(OrderCancelled.type).find((e) => e.key === order.id)?.data).toEqual({
      orderId: order.id,
      lineIds: [order.lines[0].id],
      reason: 'pickup-expired',
    });
  });

  it('answers a read that waits (If-None-Match, Prefer: wait) as soon as the order changes, else 304 when the wait is over', async () => {
    const order = await place(web, {
      channel: 'web',
      customer: { id: 'c-w', email: 'cw@example.com' },
      lines: [pickupLine('SKU-A')],
    });
    const first = await web.get(`/v1/orders/${order.id}`);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    // The same order reads the same tag; a stale tag, or none, gets the order at once.
    expect((await web.get(`/v1/orders/${order.id}`)).headers.get('etag')).toBe(etag);
    expect((await web.get(`/v1/orders/${order.id}`, { 'If-None-Match': '"stale"' })).status).toBe(200);
    // Without a wait a matching tag is a 304 at once, with no body.
    const unchanged = await web.get(`/v1/orders/${order.id}`, { 'If-None-Match': `W/${etag}` });
    expect([unchanged.status, unchanged.body, unchanged.headers.get('etag')]).toEqual([304, undefined, etag]);

    const began = Date.now();
    const waiting = web.get<OrderView>(`/v1/orders/${order.id}`, { 'If-None-Match': etag, Prefer: 'wait=20' });
    const changes = svc.app.get(OrderChanges, { strict: false });
    await eventually(async () => changes.waitingOn(order.id) > 0, 5000, 'the read to wait');
    await fixtures.publish(Allocated, order.id, {
      orderId: order.id,
      requestId: 'r-wait',
      lines: goods(order).map((l) => ({ ...l, locationId: 's-1' })),
    });
    const changed = await waiting;
    expect(changed.status).toBe(200);
    expect(changed.body.timeline.map((t) => t.step)).toContain('allocated');
    expect(changed.headers.get('preference-applied')).toBe('wait=20');
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(Date.now() - began).toBeLessThan(10_000);

    // Nothing changes any more: the wait runs out (capped at 30 s whatever is asked) and answers 304.
    const quiet = Date.now();
    const timedOut = await web.get(`/v1/orders/${order.id}`, {
      'If-None-Match': changed.headers.get('etag') as string,
      Prefer: 'wait=1',
    });
    expect([timedOut.status, timedOut.headers.get('etag')]).toEqual([304, changed.headers.get('etag')]);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(900);
    // Another channel's order is not found, waiting or not.
    const other = apiClient(svc, { ...WEB, sub: 'other-shop', channel: 'app' });
    expect((await other.get(`/v1/orders/${order.id}`, { 'If-None-Match': etag, Prefer: 'wait=5' })).status).toBe(404);
  });

  it('changes no order when the orders topic and every topic it consumes are replayed', async () => {
    const before = await Promise.all(placed.map(get));
    await eventually(
      async () => (await svc.sql(`SELECT 1 FROM outbox WHERE sent_at IS NULL`)).length === 0,
      20000,
      'orders to have published everything',
    );
    const outboxBefore = (await svc.sql(`SELECT 1 FROM outbox`)).length;
    const everything = await EventReader.open(prefix, ['orders', 'inventory', 'fulfilment', 'returns']);
    try {
      // All that orders published and every fixture this file sent, read; and all of it consumed by orders.
      await everything.caughtUp();
      await waitForGroup(svc.config.KAFKA_GROUP_ID as string);
      const inboxBefore = (await svc.sql(`SELECT 1 FROM inbox`)).length;
      await fixtures.resendRecords(everything.records);
      // Orders' group has committed past every replayed record: each was handled or passed over, and recorded nothing new.
      await waitForGroup(svc.config.KAFKA_GROUP_ID as string);
      expect((await svc.sql(`SELECT 1 FROM inbox`)).length).toBe(inboxBefore);
    } finally {
      await everything.close();
    }
    expect(await Promise.all(placed.map(get))).toEqual(before);
    // Nothing was published again either (a replayed pickup-expired must not cancel twice).
    expect((await svc.sql(`SELECT 1 FROM outbox`)).length).toBe(outboxBefore);
  });
});
