import { randomUUID } from 'node:crypto';
import { OrderPlaced, ShipmentDelivered, ShipmentDispatched, type OrderPlacedV1 } from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  channelClient,
  eventually,
  EventFixtures,
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
import { returnsService } from '../src/returns.service-definition';
import { daysAgo, location } from './support';

// The returns desk at a store that never touched the order: a web order shipped from a DC to the
// customer's home, found by number or reference, read line by line, returned and restocked here.
describe('returns: what any store may take back of any order', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE = `desk-${run}`;
  const DC = `dc-${run}`;
  const BOOTS = `BOOTS-${run}`;
  const GIFT = `GIFT-${run}`;
  let returns: RunningService;
  let inventory: RunningService;
  let fixtures: EventFixtures;
  let desk: ApiClient;
  let web: ApiClient;
  let app: ApiClient;

  beforeAll(async () => {
    [returns, inventory] = await startServices(prefix, [returnsService, inventoryService]);
    fixtures = new EventFixtures(prefix);
    desk = apiClient(returns, storeStaff(STORE));
    web = apiClient(returns, WEB);
    app = apiClient(returns, channelClient('app'));
    const stockAdmin = apiClient(inventory, ADMIN);
    for (const [id, body] of [
      [STORE, location('store', 48.86, 2.35)],
      [DC, location('dc', 48.9, 2.5)],
    ] as const) {
      expect((await stockAdmin.put(`/v1/locations/${id}`, body)).status).toBeLessThan(300);
    }
    expect((await apiClient(returns, ADMIN).put(`/v1/return-policy/skus/${GIFT}`, { returnable: false })).status).toBe(
      200,
    );
  });

  afterAll(async () => {
    await fixtures?.close();
    await Promise.all([returns?.stop(), inventory?.stop()]);
  });

  /**
   * A web order shipped to an address: boots and a gift card left the DC and were delivered
   * `deliveredDaysAgo` days ago; the socks are still to ship.
   */
  async function deliveredFromDc(deliveredDaysAgo: number): Promise<OrderPlacedV1 & { deliveredAt: Date }> {
    const orderId = randomUUID();
    const deliveredAt = daysAgo(deliveredDaysAgo);
    const home = { line1: '3 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' };
    const line = (n: number, sku: string, unitPriceMinor: number) => ({
      orderLineId: `${orderId}-${n}`,
      lineNo: n,
      sku,
      qty: 1,
      unitPriceMinor,
      currency: 'EUR',
      delivery: { type: 'ship' as const, address: home },
    });
    const order: OrderPlacedV1 = {
      orderId,
      channel: 'web',
      customer: { id: `cust-${run}`, email: 'shopper@example.com' },
      lines: [line(1, BOOTS, 12900), line(2, GIFT, 5000), line(3, `SOCKS-${run}`, 900)],
      externalRef: `WEB-${run}-${deliveredDaysAgo}`,
      placedAt: daysAgo(deliveredDaysAgo + 2).toISOString(),
    };
    await fixtures.publish(OrderPlaced, orderId, order);
    const shipped = {
      orderId,
      fulfilmentOrderId: `fo-${orderId}`,
      lines: order.lines.slice(0, 2).map(({ orderLineId, sku, qty }) => ({ orderLineId, sku, qty })),
    };
    await fixtures.publish(
      ShipmentDispatched,
      orderId,
      { ...shipped, locationId: DC, carrier: 'DPD', trackingNumber: `T-${orderId}` },
      { occurredAt: daysAgo(deliveredDaysAgo + 1) },
    );
    await fixtures.publish(ShipmentDelivered, orderId, {
      ...shipped,
      deliveredAt: deliveredAt.toISOString(),
    });
    await eventually(
      async () =>
        (
          await returns.sql(`SELECT 1 FROM line_fulfilments WHERE order_id = $1 AND delivered_at IS NOT NULL`, [
            orderId,
          ])
        ).length === 2,
      20000,
      `order ${orderId} delivered in the projection`,
    );
    return { ...order, deliveredAt };
  }

  it('shows a store that never touched a delivered web order its lines, what may come back and why not', async () => {
    const order = await deliveredFromDc(3);
    const [boots, gift, socks] = order.lines.map((l) => l.orderLineId);

    const shown = await desk.get(`/v1/orders/${order.orderId}/returnable`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      orderId: order.orderId,
      externalRef: order.externalRef,
      channel: 'web',
      placedAt: order.placedAt,
      lines: [
        expect.objectContaining({
          orderLineId: boots,
          sku: BOOTS,
          qty: 1,
          fulfilledQty: 1,
          returnedQty: 0,
          returnableQty: 1,
          unitPriceMinor: 12900,
          currency: 'EUR',
          // The default 30 days, from the carrier's delivery.
          windowClosesAt: new Date(order.deliveredAt.getTime() + 30 * 86_400_000).toISOString(),
          returnable: true,
          notReturnable: null,
        }),
        expect.objectContaining({
          orderLineId: gift,
          returnableQty: 0,
          returnable: false,
          notReturnable: { reason: 'sku-not-returnable', detail: `${GIFT} cannot be returned` },
        }),
        expect.objectContaining({
          orderLineId: socks,
          fulfilledQty: 0,
          windowClosesAt: null,
          returnable: false,
          notReturnable: { reason: 'not-handed-over', detail: expect.stringMatching(/nothing of it/) },
        }),
      ],
    });
    // Nothing of the customer travels with it: not their id, address or email.
    expect(JSON.stringify(shown.body)).not.toMatch(new RegExp(`cust-${run}|rue de la Paix|shopper@`));

    // The desk finds it by the number staff read out (any case) and by the channel's reference.
    for (const number of [order.orderId.slice(0, 8).toUpperCase(), order.orderId, order.externalRef?.toLowerCase()]) {
      const found = await desk.get(`/v1/returnable-orders?number=${number}`);
      expect([number, found.status, found.body.items]).toEqual([number, 200, [shown.body]]);
    }
    expect((await desk.get(`/v1/returnable-orders?number=${order.orderId.slice(0, 7)}`)).body.items).toEqual([]);

    // The order's own channel and admins read it too; another channel gets "not yours", and finds nothing.
    expect((await web.get(`/v1/orders/${order.orderId}/returnable`)).body).toEqual(shown.body);
    expect((await apiClient(returns, ADMIN).get(`/v1/orders/${order.orderId}/returnable`)).status).toBe(200);
    expect((await app.get(`/v1/orders/${order.orderId}/returnable`)).body).toMatchObject({
      status: 404,
      type: 'urn:omni:problem:not-found',
    });
    expect((await app.get(`/v1/returnable-orders?number=${order.orderId}`)).body).toEqual({ items: [] });
    expect((await desk.get(`/v1/orders/${randomUUID()}/returnable`)).body).toMatchObject({
      status: 404,
      type: 'urn:omni:problem:order-unknown',
    });
    const anonymous = await fetch(`${returns.url}/v1/orders/${order.orderId}/returnable`);
    expect(anonymous.status).toBe(401);
  });

  it('takes a walk-in return of it at the store, restocks the unit there, and then shows it returned', async () => {
    const order = await deliveredFromDc(3);
    const boots = order.lines[0].orderLineId;

    const walkIn = await desk.post(
      '/v1/returns/walk-in',
      { orderId: order.orderId, locationId: STORE, lines: [{ orderLineId: boots, qty: 1, reason: 'wrong-size' }] },
      { 'idempotency-key': `walk-${order.orderId}` },
    );
    expect(walkIn.status).toBe(201);
    expect(walkIn.body).toMatchObject({ status: 'received', received: { locationId: STORE } });
    const inspected = await desk.post(`/v1/returns/${walkIn.body.id}/inspect`, {
      lines: [{ orderLineId: boots, disposition: 'restock', qty: 1 }],
    });
    expect(inspected.body).toMatchObject({ status: 'inspected', refund: { totalMinor: 12900, currency: 'EUR' } });

    // The unit is booked where it physically is: this store, which never stocked boots, not the DC that shipped them.
    const here = await eventually(
      async () => {
        const res = await apiClient(inventory, storeStaff(STORE)).get<
          Array<{ locationId: string; onHand: number; sellable: number }>
        >(`/v1/stock/${BOOTS}/levels`);
        return res.body.find((l) => l.locationId === STORE && l.onHand === 1);
      },
      30000,
      'the restock at the store',
    );
    expect(here).toMatchObject({ onHand: 1, sellable: 1 });

    const after = await desk.get(`/v1/orders/${order.orderId}/returnable`);
    expect(after.body.lines[0]).toMatchObject({
      orderLineId: boots,
      returnedQty: 1,
      returnableQty: 0,
      returnable: false,
      notReturnable: { reason: 'all-returned' },
    });
  });

  it('says the window has closed on a line delivered too long ago, as a refused return would', async () => {
    const order = await deliveredFromDc(40);
    const boots = order.lines[0].orderLineId;
    const shown = await desk.get(`/v1/orders/${order.orderId}/returnable`);
    expect(shown.body.lines[0]).toMatchObject({
      returnableQty: 0,
      returnable: false,
      notReturnable: { reason: 'window-closed', detail: expect.stringMatching(/30-day return window/) },
    });
    const refused = await desk.post('/v1/returns/walk-in', {
      orderId: order.orderId,
      locationId: STORE,
      lines: [{ orderLineId: boots, qty: 1, reason: 'other' }],
    });
    expect(refused.body).toMatchObject({ status: 422, rule: 'return-window' });
    expect(refused.body.violations[0].detail).toBe(shown.body.lines[0].notReturnable.detail);
  });
});
