// The whole product on one event log, with no stand-ins: a web shopper holds stock in a cart,
// orders it for pickup at store A, store A's staff pick, pack and hand it over, and the customer
// returns it at store B, which never stocked the item. Every step crosses services only by events.
import { ReadyForPickup, type ReadyForPickupV1 } from '@omni/contracts';
import { ADMIN, apiClient, eventually, EventReader, startServices, storeStaff, uniqueSuffix, waitForGroup, WEB, type ApiClient, type RunningService } from '@omni/testing';
// The journey runs the real services side by side (e2e depends on every app).
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';
import { returnsService } from '../../apps/returns/src/returns.service-definition';

interface Level {
  locationId: string;
  onHand: number;
  reserved: number;
  damaged: number;
  sellable: number;
}

describe('omnichannel journey: cart hold -> click-and-collect -> return in another store', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE_A = `jr-a-${run}`;
  const STORE_B = `jr-b-${run}`;
  const SKU = `JACKET-${run}`;
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;
  let returns: RunningService;
  let reader: EventReader;

  beforeAll(async () => {
    [inventory, orders, fulfilment, returns] = await startServices(prefix, [inventoryService, ordersService, fulfilmentService, returnsService]);
    reader = await EventReader.open(prefix, ['fulfilment', 'dlq']);
    const stockAdmin = apiClient(inventory, ADMIN);
    const store = (name: string, lat: number, lng: number) => ({
      type: 'store',
      name,
      address: { line1: name, city: 'Paris', postalCode: '75001', country: 'FR' },
      lat,
      lng,
      timezone: 'Europe/Paris',
      capabilities: ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns'],
      active: true,
    });
    expect((await stockAdmin.put(`/v1/locations/${STORE_A}`, store('Rivoli', 48.8606, 2.3376))).status).toBeLessThan(300);
    expect((await stockAdmin.put(`/v1/locations/${STORE_B}`, store('Passy', 48.8576, 2.2797))).status).toBeLessThan(300);
    const receipt = await stockAdmin.post('/v1/stock/movements', { sku: SKU, locationId: STORE_A, type: 'receipt', quantity: 5, reason: 'delivery' });
    expect(receipt.status).toBe(201);
  });

  afterAll(async () => {
    await reader?.close();
    await Promise.all([inventory, orders, fulfilment, returns].map((s) => s?.stop()));
  });

  const levelAt = async (locationId: string): Promise<Level | undefined> =>
    (await apiClient(inventory, ADMIN).get<Level[]>(`/v1/stock/${SKU}/levels`)).body.find((l) => l.locationId === locationId);

  it('serves one customer across channels, stores and services, and keeps stock true at every step', async () => {
    const shop: ApiClient = apiClient(inventory, WEB);
    const staffA = apiClient(fulfilment, storeStaff(STORE_A));

    // 1. The web cart holds 2 at store A.
    const hold = await shop.post('/v1/holds', { channel: 'web', lines: [{ sku: SKU, qty: 2, locationId: STORE_A }] }, { 'idempotency-key': `cart-${run}` });
    expect(hold.status).toBe(201);
    expect(await levelAt(STORE_A)).toMatchObject({ onHand: 5, reserved: 2, sellable: 3 });

    // 2. The shopper orders it for pickup at store A, carrying the hold (orders learns of both from inventory's events).
    const orderBody = {
      channel: 'web',
      customer: { id: `cust-${run}`, email: 'shopper@example.com' },
      holdId: hold.body.id,
      lines: [{ sku: SKU, qty: 2, unitPrice: 8900, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE_A } }],
    };
    const placed = await eventually(async () => {
      const res = await apiClient(orders, WEB).post('/v1/orders', orderBody, { 'idempotency-key': `order-${run}` });
      return res.status === 201 ? res : undefined;
    }, 30000, 'orders to accept the order once it knows the store and the hold');
    const orderId: string = placed.body.id;
    const orderLineId: string = placed.body.lines[0].id;

    // 3. Fulfilment sources it at store A and inventory converts the hold into the allocation: still 2 reserved, not 4.
    const task = await eventually(async () => {
      const list = await staffA.get(`/v1/locations/${STORE_A}/tasks?status=to_pick`);
      return list.body.items.find((t: { orderId: string }) => t.orderId === orderId);
    }, 30000, 'a pick task at store A');
    expect(await levelAt(STORE_A)).toMatchObject({ onHand: 5, reserved: 2 });

    // 4. Store A's staff pick, pack, mark it ready; the customer's code travels in the ready-for-pickup event.
    expect((await staffA.post(`/v1/tasks/${task.id}/pick`, { lines: [{ orderLineId, pickedQty: 2 }] })).status).toBe(200);
    expect((await staffA.post(`/v1/tasks/${task.id}/pack`)).status).toBe(200);
    expect((await staffA.post(`/v1/tasks/${task.id}/ready`)).status).toBe(200);
    await reader.waitFor((r) => r.events<ReadyForPickupV1>(ReadyForPickup.type).some((e) => e.data.orderId === orderId), 30000, 'ready-for-pickup');
    const code = reader.events<ReadyForPickupV1>(ReadyForPickup.type).find((e) => e.data.orderId === orderId)?.data.pickupCode as string;
    expect((await staffA.post(`/v1/tasks/${task.id}/handover`, { code: code === '123456' ? '654321' : '123456' })).status).toBe(422);
    expect((await staffA.post(`/v1/tasks/${task.id}/handover`, { code })).status).toBe(200);

    // 5. Handover consumes the allocation; the order reads as picked up, in the customer's one history.
    await eventually(async () => (await levelAt(STORE_A))?.onHand === 3, 30000, 'inventory to consume the allocation');
    expect(await levelAt(STORE_A)).toMatchObject({ onHand: 3, reserved: 0, sellable: 3 });
    const collected = await eventually(async () => {
      const res = await apiClient(orders, WEB).get(`/v1/orders/${orderId}`);
      return ['picked_up', 'completed'].includes(res.body.status) ? res.body : undefined;
    }, 30000, 'the order to show the handover');
    expect(collected.lines[0]).toMatchObject({ status: 'picked_up' });
    const history = await apiClient(orders, storeStaff(STORE_B)).get(`/v1/customers/cust-${run}/orders`);
    expect(JSON.stringify(history.body)).toContain(orderId);

    // 6. The customer walks into store B with one jacket; it is inspected as sellable, the other stays home.
    const staffB = apiClient(returns, storeStaff(STORE_B));
    await eventually(async () => (await returns.sql(`SELECT 1 FROM line_fulfilments WHERE order_id = $1`, [orderId])).length === 1, 30000, 'returns to learn of the handover');
    const walkIn = await staffB.post('/v1/returns/walk-in', { orderId, locationId: STORE_B, lines: [{ orderLineId, qty: 1, reason: 'changed-mind' }] }, { 'idempotency-key': `walk-${run}` });
    expect(walkIn.status).toBe(201);
    const inspected = await staffB.post(`/v1/returns/${walkIn.body.id}/inspect`, { lines: [{ orderLineId, disposition: 'restock', qty: 1 }] });
    expect(inspected.status).toBe(200);

    // 7. Store B, which never stocked the jacket, can now sell it; the order shows the return and its refund.
    await eventually(async () => (await levelAt(STORE_B))?.sellable === 1, 30000, 'the restock at store B');
    const pos = await apiClient(inventory, storeStaff(STORE_B)).get(`/v1/availability/${SKU}?channel=pos`);
    expect(pos.body.locations).toEqual(expect.arrayContaining([expect.objectContaining({ locationId: STORE_B, available: 1 })]));
    const refunded = await eventually(async () => {
      const res = await apiClient(orders, WEB).get(`/v1/orders/${orderId}`);
      return res.body.lines[0].refundedQty === 1 ? res.body : undefined;
    }, 30000, 'the refund on the order');
    expect(refunded.returns).toEqual([expect.objectContaining({ locationId: STORE_B })]);

    // Nothing on the way was dead-lettered (every service has handled, or dead-lettered, all that is on the log,
    // and the reader has read the dead-letter topic to its end), and the ledger still explains every unit.
    for (const svc of [inventory, orders, fulfilment, returns]) await waitForGroup(svc.config.KAFKA_GROUP_ID as string);
    await reader.caughtUp();
    expect(reader.records.filter((r) => r.topic.endsWith('omni.dlq.v1'))).toEqual([]);
    const [drift] = await inventory.sql<{ n: string }>(
      `SELECT count(*) AS n FROM stock_levels l
        WHERE l.on_hand <> (SELECT coalesce(sum(m.on_hand_delta), 0) FROM stock_movements m WHERE m.sku = l.sku AND m.location_id = l.location_id)`,
    );
    expect(Number(drift.n)).toBe(0);
  });
});
