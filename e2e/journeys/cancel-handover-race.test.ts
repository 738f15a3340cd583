// A customer cancels while the store is sending the parcel. Orders cannot know whether the parcel has
// left: it records the cancel as a request (202) and fulfilment, which holds the goods, decides under
// the task's lock. Whichever came first, orders, fulfilment and inventory end up telling one story:
// shipped (the cancel refused, the allocation consumed) or cancelled (the shipment refused, the
// allocation released). Real services, one event log.
import {
  ADMIN,
  apiClient,
  eventually,
  startServices,
  storeBody,
  storeStaff,
  uniqueSuffix,
  WEB,
  type RunningService,
} from '@omni/testing';
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';

const ORDERS = 8;
const ADDRESS = { line1: '1 Greek Street', city: 'London', postalCode: 'W1D 4AB', country: 'GB' };

interface Task {
  id: string;
  orderId: string;
  lines: Array<{ orderLineId: string; qty: number }>;
}

describe('a cancel racing the shipment', () => {
  const run = uniqueSuffix();
  const STORE = `rs-${run}`;
  const SKU = `RACESHIP-${run}`;
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;

  beforeAll(async () => {
    [inventory, orders, fulfilment] = await startServices(`t${run}.`, [
      inventoryService,
      ordersService,
      fulfilmentService,
    ]);
    const admin = apiClient(inventory, ADMIN);
    const store = storeBody(STORE, { city: 'London', postalCode: 'W1D 3QF', lat: 51.513, lng: -0.136 }, [
      'ship_from_store',
      'sells_in_store',
    ]);
    expect((await admin.put(`/v1/locations/${STORE}`, store)).status).toBeLessThan(300);
    expect(
      (await admin.post('/v1/stock/movements', { sku: SKU, locationId: STORE, type: 'receipt', quantity: 50 })).status,
    ).toBe(201);
    await eventually(
      async () => (await orders.sql(`SELECT 1 FROM known_skus WHERE sku = $1`, [SKU])).length === 1,
      30000,
      'orders to know the SKU',
    );
    await eventually(
      async () =>
        (
          await fulfilment.sql(`SELECT 1 FROM stock_positions WHERE sku = $1 AND location_id = $2 AND sellable >= 50`, [
            SKU,
            STORE,
          ])
        ).length === 1,
      30000,
      'fulfilment to see the stock',
    );
  });

  afterAll(async () => {
    await Promise.all([inventory, orders, fulfilment].map((s) => s?.stop()));
  });

  it('answers the cancel as a request, and ends shipped everywhere (cancel refused) or cancelled everywhere (shipment refused)', async () => {
    const web = apiClient(orders, WEB);
    const staff = apiClient(fulfilment, storeStaff(STORE));
    const outcomes = await Promise.all(
      Array.from({ length: ORDERS }, async (_, i) => {
        const placed = await web.post<{ id: string }>(
          '/v1/orders',
          {
            channel: 'web',
            customer: { id: `rs-${run}-${i}` },
            lines: [
              { sku: SKU, qty: 1, unitPrice: 1000, currency: 'GBP', delivery: { type: 'ship', address: ADDRESS } },
            ],
          },
          { 'idempotency-key': `rs-${run}-${i}` },
        );
        expect(placed.status).toBe(201);
        const orderId = placed.body.id;
        const task = await eventually(
          async () => {
            const res = await staff.get<{ items: Task[] }>(`/v1/locations/${STORE}/tasks?status=to_pick`);
            return res.body.items.find((t) => t.orderId === orderId);
          },
          30000,
          `the pick task of ${orderId}`,
        );
        const lines = task.lines.map((l) => ({ orderLineId: l.orderLineId, pickedQty: l.qty }));
        expect((await staff.post(`/v1/tasks/${task.id}/pick`, { lines })).status).toBe(200);
        expect((await staff.post(`/v1/tasks/${task.id}/pack`, {})).status).toBe(200);
        // Both at once: half the orders send the cancel first, half the shipment.
        const cancel = () => web.post(`/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
        const ship = () =>
          staff.post(`/v1/tasks/${task.id}/ship`, { carrier: 'DPD', trackingNumber: `TRK-${run}-${i}` });
        const [cancelled, shipped] =
          i % 2
            ? await Promise.all([cancel(), ship()])
            : await Promise.all([ship(), cancel()]).then(([s, c]) => [c, s]);
        // Never a promise orders cannot keep: the line is not shown cancelled before fulfilment says so.
        expect(cancelled.status).toBe(202);
        expect((cancelled.body as { lines: Array<{ status: string; cancellation: unknown }> }).lines[0]).toMatchObject({
          status: expect.not.stringMatching(/^cancelled$/),
          cancellation: { status: 'requested', reason: 'changed my mind' },
        });
        return { orderId, taskId: task.id, shipped: shipped.status };
      }),
    );
    // The race was run for real: the shipment was accepted for some orders whose cancel had been requested.
    expect(outcomes.some((o) => o.shipped === 200)).toBe(true);

    const orderIds = outcomes.map((o) => o.orderId);
    type Story = {
      orderId: string;
      orderLine: string;
      cancellation: string | null;
      task: string;
      fulfilmentLine: string;
      sagaLine: string;
      goodsOut: number;
      allocation: string;
    };
    const stories = await eventually(
      async () => {
        const [orderLines, fulfilmentRows, out, allocations] = await Promise.all([
          orders.sql<{ orderId: string; status: string; cancellation: string | null }>(
            `SELECT order_id AS "orderId", status, cancellation FROM order_lines WHERE order_id = ANY($1)`,
            [orderIds],
          ),
          fulfilment.sql<{ orderId: string; task: string; fulfilmentLine: string; sagaLine: string }>(
            `SELECT fo.order_id AS "orderId", t.status AS task, fl.status AS "fulfilmentLine", ol.status AS "sagaLine"
             FROM fulfilment_orders fo JOIN tasks t ON t.fulfilment_order_id = fo.id
             JOIN fulfilment_order_lines fl ON fl.fulfilment_order_id = fo.id
             JOIN order_lines ol ON ol.order_id = fo.order_id AND ol.order_line_id = fl.order_line_id
            WHERE fo.order_id = ANY($1)`,
            [orderIds],
          ),
          // Goods out are booked against the fulfilment order.
          inventory.sql<{ fulfilmentOrderId: string; qty: number }>(
            `SELECT reference AS "fulfilmentOrderId", sum(quantity)::int AS qty FROM stock_movements WHERE type = 'fulfilment' AND sku = $1 GROUP BY reference`,
            [SKU],
          ),
          inventory.sql<{ orderId: string; status: string }>(
            `SELECT order_id AS "orderId", status FROM allocations WHERE order_id = ANY($1)`,
            [orderIds],
          ),
        ]);
        const byFulfilmentOrder = new Map(out.map((o) => [o.fulfilmentOrderId, o.qty]));
        const taskFo = new Map(
          (
            await fulfilment.sql<{ orderId: string; fo: string }>(
              `SELECT order_id AS "orderId", id::text AS fo FROM fulfilment_orders WHERE order_id = ANY($1)`,
              [orderIds],
            )
          ).map((r) => [r.orderId, r.fo]),
        );
        const all: Story[] = orderIds.map((orderId) => {
          const f = fulfilmentRows.find((r) => r.orderId === orderId);
          const line = orderLines.find((l) => l.orderId === orderId);
          return {
            orderId,
            orderLine: line?.status ?? 'missing',
            cancellation: line?.cancellation ?? null,
            allocation: allocations.find((a) => a.orderId === orderId)?.status ?? 'missing',
            task: f?.task ?? 'missing',
            fulfilmentLine: f?.fulfilmentLine ?? 'missing',
            sagaLine: f?.sagaLine ?? 'missing',
            goodsOut: byFulfilmentOrder.get(taskFo.get(orderId) ?? '') ?? 0,
          };
        });
        // Settled: every cancel is decided, fulfilment's saga has closed the line, and inventory booked what shipped or released the rest.
        const settled = all.every(
          (s) =>
            ['shipped', 'cancelled'].includes(s.orderLine) &&
            s.cancellation !== 'requested' &&
            ['fulfilled', 'cancelled'].includes(s.sagaLine) &&
            s.allocation !== 'allocated',
        );
        return settled ? all : undefined;
      },
      60000,
      'every order to settle as shipped or cancelled',
    );

    for (const s of stories) {
      const shipped = s.task === 'shipped';
      expect({ ...s, agrees: true }).toEqual({
        ...s,
        agrees: shipped
          ? s.orderLine === 'shipped' &&
            s.cancellation === 'refused' &&
            s.fulfilmentLine !== 'cancelled' &&
            s.sagaLine === 'fulfilled' &&
            s.goodsOut === 1 &&
            s.allocation === 'consumed'
          : s.task === 'cancelled' &&
            s.orderLine === 'cancelled' &&
            s.cancellation === null &&
            s.fulfilmentLine === 'cancelled' &&
            s.sagaLine === 'cancelled' &&
            s.goodsOut === 0 &&
            s.allocation === 'released',
      });
    }
    // The shipment refused is the one that came after the cancel was decided.
    for (const o of outcomes) expect([200, 409]).toContain(o.shipped);
    expect(outcomes.filter((o) => o.shipped === 200).length).toBe(stories.filter((s) => s.task === 'shipped').length);
  });
});
