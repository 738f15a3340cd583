// The whole product on one event log, with no stand-ins: a web shopper holds stock in a cart,
// orders it for pickup at store A, store A's staff pick, pack and hand it over, and the customer
// returns it at store B, which never stocked the item. Every step crosses services only by events.
import { createOmniClient, type OmniServices } from '@omni/client';
import { ReadyForPickup, type ReadyForPickupV1 } from '@omni/contracts';
import {
  ADMIN,
  checkedAnswers,
  eventually,
  EventReader,
  startServices,
  storeStaff,
  uniqueSuffix,
  waitForGroup,
  WEB,
  type Caller,
  type RunningService,
} from '@omni/testing';
// The journey runs the real services side by side (e2e depends on every app).
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';
import { returnsService } from '../../apps/returns/src/returns.service-definition';

/** A successful answer's data; anything else fails the journey with the problem the service gave. */
function ok<T>(reply: { data?: T; error?: unknown; response: Response }): T {
  if (reply.data === undefined) throw new Error(`${reply.response.status} ${JSON.stringify(reply.error)}`);
  return reply.data;
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
  /** Every HTTP call goes through the typed client, each answer held to the service's OpenAPI document. */
  let as: (caller: Caller) => Pick<OmniServices, 'inventory' | 'orders' | 'fulfilment' | 'returns'>;

  beforeAll(async () => {
    [inventory, orders, fulfilment, returns] = await startServices(prefix, [
      inventoryService,
      ordersService,
      fulfilmentService,
      returnsService,
    ]);
    reader = await EventReader.open(prefix, ['fulfilment', 'dlq']);
    const baseUrls = { inventory: inventory.url, orders: orders.url, fulfilment: fulfilment.url, returns: returns.url };
    as = (caller) => createOmniClient({ baseUrls, token: inventory.token(caller), middleware: [checkedAnswers] });
    const admin = as(ADMIN).inventory;
    const store = (name: string, lat: number, lng: number) => ({
      type: 'store' as const,
      name,
      address: { line1: name, city: 'Paris', postalCode: '75001', country: 'FR' },
      lat,
      lng,
      timezone: 'Europe/Paris',
      capabilities: [
        'sells_in_store' as const,
        'bopis' as const,
        'ship_from_store' as const,
        'accepts_returns' as const,
      ],
      active: true,
    });
    ok(
      await admin.PUT('/v1/locations/{id}', {
        params: { path: { id: STORE_A } },
        body: store('Rivoli', 48.8606, 2.3376),
      }),
    );
    ok(
      await admin.PUT('/v1/locations/{id}', {
        params: { path: { id: STORE_B } },
        body: store('Passy', 48.8576, 2.2797),
      }),
    );
    const receipt = await admin.POST('/v1/stock/movements', {
      body: { sku: SKU, locationId: STORE_A, type: 'receipt', quantity: 5, reason: 'delivery' },
    });
    expect(receipt.response.status).toBe(201);
  });

  afterAll(async () => {
    await reader?.close();
    await Promise.all([inventory, orders, fulfilment, returns].map((s) => s?.stop()));
  });

  const levelAt = async (locationId: string) =>
    ok(await as(ADMIN).inventory.GET('/v1/stock/{sku}/levels', { params: { path: { sku: SKU } } })).find(
      (l) => l.locationId === locationId,
    );

  it('serves one customer across channels, stores and services, and keeps stock true at every step', async () => {
    const shop = as(WEB);
    const staffA = as(storeStaff(STORE_A)).fulfilment;

    // 1. The web cart holds 2 at store A.
    const hold = ok(
      await shop.inventory.POST('/v1/holds', {
        params: { header: { 'Idempotency-Key': `cart-${run}` } },
        body: { channel: 'web', lines: [{ sku: SKU, qty: 2, locationId: STORE_A }] },
      }),
    );
    expect(hold.status).toBe('active');
    expect(await levelAt(STORE_A)).toMatchObject({ onHand: 5, reserved: 2, sellable: 3 });

    // 2. The shopper orders it for pickup at store A, carrying the hold (orders learns of both from inventory's events).
    const placed = await eventually(
      async () => {
        const { data } = await shop.orders.POST('/v1/orders', {
          params: { header: { 'Idempotency-Key': `order-${run}` } },
          body: {
            channel: 'web',
            customer: { id: `cust-${run}`, email: 'shopper@example.com' },
            holdId: hold.id,
            lines: [
              { sku: SKU, qty: 2, unitPrice: 8900, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE_A } },
            ],
          },
        });
        return data;
      },
      30000,
      'orders to accept the order once it knows the store and the hold',
    );
    const orderId = placed.id;
    const orderLineId = placed.lines[0].id;

    // 3. Fulfilment sources it at store A and inventory converts the hold into the allocation: still 2 reserved, not 4.
    const task = await eventually(
      async () => {
        const list = ok(
          await staffA.GET('/v1/locations/{id}/tasks', {
            params: { path: { id: STORE_A }, query: { status: 'to_pick' } },
          }),
        );
        return list.items.find((t) => t.orderId === orderId);
      },
      30000,
      'a pick task at store A',
    );
    expect(await levelAt(STORE_A)).toMatchObject({ onHand: 5, reserved: 2 });

    // 4. Store A's staff pick, pack, mark it ready; the customer's code travels in the ready-for-pickup event.
    const onTask = { params: { path: { id: task.id } } };
    expect(
      ok(await staffA.POST('/v1/tasks/{id}/pick', { ...onTask, body: { lines: [{ orderLineId, pickedQty: 2 }] } }))
        .status,
    ).toBe('to_pack');
    expect(ok(await staffA.POST('/v1/tasks/{id}/pack', onTask)).status).toBe('packed');
    expect(ok(await staffA.POST('/v1/tasks/{id}/ready', onTask)).status).toBe('ready_for_pickup');
    await reader.waitFor(
      (r) => r.events<ReadyForPickupV1>(ReadyForPickup.type).some((e) => e.data.orderId === orderId),
      30000,
      'ready-for-pickup',
    );
    const code = reader.events<ReadyForPickupV1>(ReadyForPickup.type).find((e) => e.data.orderId === orderId)?.data
      .pickupCode as string;
    const wrong = await staffA.POST('/v1/tasks/{id}/handover', {
      ...onTask,
      body: { code: code === '123456' ? '654321' : '123456' },
    });
    expect(wrong.response.status).toBe(422);
    expect(wrong.error).toMatchObject({ type: 'urn:omni:problem:wrong-pickup-code' });
    expect(ok(await staffA.POST('/v1/tasks/{id}/handover', { ...onTask, body: { code } })).status).toBe('picked_up');

    // 5. Handover consumes the allocation; the order reads as picked up, in the customer's one history.
    await eventually(async () => (await levelAt(STORE_A))?.onHand === 3, 30000, 'inventory to consume the allocation');
    expect(await levelAt(STORE_A)).toMatchObject({ onHand: 3, reserved: 0, sellable: 3 });
    const readOrder = async () => ok(await shop.orders.GET('/v1/orders/{id}', { params: { path: { id: orderId } } }));
    const collected = await eventually(
      async () => {
        const order = await readOrder();
        return ['picked_up', 'completed'].includes(order.status) ? order : undefined;
      },
      30000,
      'the order to show the handover',
    );
    expect(collected.lines[0]).toMatchObject({ status: 'picked_up' });
    const history = ok(
      await as(storeStaff(STORE_B)).orders.GET('/v1/customers/{id}/orders', {
        params: { path: { id: `cust-${run}` } },
      }),
    );
    expect(history.items.map((o) => o.id)).toContain(orderId);

    // 6. The customer walks into store B with one jacket; it is inspected as sellable, the other stays home.
    const staffB = as(storeStaff(STORE_B));
    await eventually(
      async () => (await returns.sql(`SELECT 1 FROM line_fulfilments WHERE order_id = $1`, [orderId])).length === 1,
      30000,
      'returns to learn of the handover',
    );
    const walkIn = ok(
      await staffB.returns.POST('/v1/returns/walk-in', {
        params: { header: { 'Idempotency-Key': `walk-${run}` } },
        body: { orderId, locationId: STORE_B, lines: [{ orderLineId, qty: 1, reason: 'changed-mind' }] },
      }),
    );
    expect(walkIn.status).toBe('received');
    const inspected = ok(
      await staffB.returns.POST('/v1/returns/{id}/inspect', {
        params: { path: { id: walkIn.id } },
        body: { lines: [{ orderLineId, disposition: 'restock', qty: 1 }] },
      }),
    );
    expect(inspected.status).toBe('inspected');

    // 7. Store B, which never stocked the jacket, can now sell it; the order shows the return and its refund.
    await eventually(async () => (await levelAt(STORE_B))?.sellable === 1, 30000, 'the restock at store B');
    const pos = ok(
      await staffB.inventory.GET('/v1/availability/{sku}', {
        params: { path: { sku: SKU }, query: { channel: 'pos' } },
      }),
    );
    expect(pos.locations).toEqual(
      expect.arrayContaining([expect.objectContaining({ locationId: STORE_B, available: 1 })]),
    );
    const refunded = await eventually(
      async () => {
        const order = await readOrder();
        return order.lines[0].refundedQty === 1 ? order : undefined;
      },
      30000,
      'the refund on the order',
    );
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
