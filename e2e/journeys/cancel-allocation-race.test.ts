// Customers cancel orders while fulfilment is still getting them allocated. Fulfilment decides each
// cancel (before or after inventory's answer, at any distance from it) and inventory hears the
// decision on the same topic and key as the request, so it can never allocate after releasing.
// Real orders, fulfilment and inventory on one event log; nothing stands in.
import {
  AllocationRequested,
  FulfilmentOrderCreated,
  type AllocationRequestedV1,
  type FulfilmentOrderCreatedV1,
} from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  EventReader,
  reservationViolations,
  startServices,
  uniqueSuffix,
  WEB,
  type RunningService,
} from '@omni/testing';
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';

const ORDERS = 20;
const ADDRESS = { line1: '1 Greek Street', city: 'London', postalCode: 'W1D 4AB', country: 'GB' };

interface PlacedOrder {
  id: string;
  lines: Array<{ id: string; sku: string; qty: number }>;
}

describe('a cancel racing its allocation', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const SKUS = [0, 1, 2].map((n) => `RACE-${n}-${run}`);
  const STORES = [
    { id: `rc-soho-${run}`, postalCode: 'W1D 3QF', lat: 51.513, lng: -0.136 },
    { id: `rc-camden-${run}`, postalCode: 'NW1 8NH', lat: 51.539, lng: -0.142 },
  ];
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;
  let reader: EventReader;

  beforeAll(async () => {
    [inventory, orders, fulfilment] = await startServices(prefix, [inventoryService, ordersService, fulfilmentService]);
    reader = await EventReader.open(prefix, ['fulfilment']);
    const admin = apiClient(inventory, ADMIN);
    for (const s of STORES) {
      const res = await admin.put(`/v1/locations/${s.id}`, {
        type: 'store',
        name: s.id,
        address: { line1: `${s.id} street`, city: 'London', postalCode: s.postalCode, country: 'GB' },
        lat: s.lat,
        lng: s.lng,
        timezone: 'Europe/London',
        capabilities: ['bopis', 'ship_from_store', 'sells_in_store'],
        active: true,
      });
      expect(res.status).toBeLessThan(300);
      for (const sku of SKUS)
        expect(
          (await admin.post('/v1/stock/movements', { sku, locationId: s.id, type: 'receipt', quantity: 150 })).status,
        ).toBe(201);
    }
    await eventually(
      async () =>
        (
          await fulfilment.sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM stock_positions WHERE sku = ANY($1) AND sellable >= 150`,
            [SKUS],
          )
        )[0].n ===
        SKUS.length * STORES.length,
      30000,
      'fulfilment to see the stock',
    );
    // Orders refuses a SKU it has not heard any location stocks: it learns them from the same changelog.
    await eventually(
      async () => (await orders.sql(`SELECT 1 FROM known_skus WHERE sku = ANY($1)`, [SKUS])).length === SKUS.length,
      30000,
      'orders to know the SKUs',
    );
  });

  afterAll(async () => {
    await reader?.close();
    await Promise.all([inventory, orders, fulfilment].map((s) => s?.stop()));
  });

  it('leaves nothing reserved for a cancelled line and every sku x location reserving exactly its live promises', async () => {
    const web = apiClient(orders, WEB);
    // Not a wait for anything: it spreads the cancels over the window in which they race the allocation.
    const spreadBy = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // 1 to 7 lines, at most 12 units; every fourth order cancels its first line only, the others cancel whole.
    const specs = Array.from({ length: ORDERS }, (_, i) => {
      const lines = Array.from({ length: 1 + (i % 7) }, (_, n) => ({
        sku: SKUS[(i + n) % SKUS.length],
        qty: n < 5 ? 1 + ((i + n) % 2) : 1,
        unitPrice: 1000,
        currency: 'GBP',
        delivery: { type: 'ship', address: ADDRESS },
      }));
      // Odd orders cancel once fulfilment's allocation request is on the log (the request and the
      // cancel are then one hop from inventory each); even ones some time after placing, often before that.
      // Every fifth cancels only once fulfilment has inventory's answer (its fulfilment order is on the
      // log): however slow the machine, the run then has both sides of the race.
      return {
        lines,
        partial: i % 4 === 3 && lines.length > 1,
        afterRequest: i % 2 === 1,
        afterAnswer: i % 5 === 4,
        delayMs: i % 2 === 1 ? (i * 29) % 300 : (i * 53) % 800,
      };
    });
    const requested = (orderId: string) =>
      reader.waitFor(
        (r) => r.events<AllocationRequestedV1>(AllocationRequested.type).some((e) => e.data.orderId === orderId),
        30000,
        `an allocation request for ${orderId}`,
      );
    const answered = (orderId: string) =>
      reader.waitFor(
        (r) => r.events<FulfilmentOrderCreatedV1>(FulfilmentOrderCreated.type).some((e) => e.data.orderId === orderId),
        30000,
        `a fulfilment order for ${orderId}`,
      );
    const placed = await Promise.all(
      specs.map(async (spec, i) => {
        const res = await web.post<PlacedOrder>(
          '/v1/orders',
          { channel: 'web', customer: { id: `race-${run}-${i}` }, lines: spec.lines },
          { 'idempotency-key': `race-${run}-${i}` },
        );
        expect(res.status).toBe(201);
        if (spec.afterAnswer) await answered(res.body.id);
        else if (spec.afterRequest) await requested(res.body.id);
        await spreadBy(spec.delayMs);
        const body = { reason: 'changed my mind', ...(spec.partial ? { lineIds: [res.body.lines[0].id] } : {}) };
        const cancelled = await web.post(`/v1/orders/${res.body.id}/cancel`, body);
        expect(cancelled.status).toBe(202);
        return res.body;
      }),
    );
    const orderIds = placed.map((o) => o.id);

    // Quiet: inventory has every cancel, fulfilment every answer, and no line is still waiting or being sourced.
    await eventually(
      async () =>
        (
          await inventory.sql<{ n: number }>(
            `SELECT count(DISTINCT order_id)::int AS n FROM cancelled_order_lines WHERE order_id = ANY($1)`,
            [orderIds],
          )
        )[0].n === ORDERS,
      60000,
      'inventory to hear every cancel',
    );
    await eventually(
      async () =>
        (
          await fulfilment.sql<{ n: number }>(
            `SELECT ((SELECT count(*) FROM allocation_requests WHERE order_id = ANY($1) AND status = 'pending')
                   + (SELECT count(*) FROM order_lines WHERE order_id = ANY($1) AND status IN ('waiting', 'sourcing', 'requested')))::int AS n`,
            [orderIds],
          )
        )[0].n === 0,
      60000,
      'fulfilment to settle every line',
    );

    await eventually(
      async () =>
        (
          await orders.sql(`SELECT 1 FROM order_lines WHERE order_id = ANY($1) AND cancellation = 'requested'`, [
            orderIds,
          ])
        ).length === 0,
      60000,
      'orders to hear every decision',
    );

    // The run covered both sides of the race: cancels decided before inventory's answer came back
    // (the line never got a task) and cancels decided after (its task was cancelled).
    const cancelledLines = await orders.sql<{ order_id: string; id: string }>(
      `SELECT order_id, id FROM order_lines WHERE order_id = ANY($1) AND status = 'cancelled'`,
      [orderIds],
    );
    const [sides] = await fulfilment.sql<{ beforeAnswer: number; afterAnswer: number }>(
      `SELECT count(*) FILTER (WHERE fl.order_line_id IS NULL)::int AS "beforeAnswer", count(*) FILTER (WHERE fl.status = 'cancelled')::int AS "afterAnswer"
       FROM unnest($1::text[], $2::text[]) AS c(order_id, line_id)
       LEFT JOIN fulfilment_orders fo ON fo.order_id = c.order_id
       LEFT JOIN fulfilment_order_lines fl ON fl.fulfilment_order_id = fo.id AND fl.order_line_id = c.line_id`,
      [cancelledLines.map((l) => l.order_id), cancelledLines.map((l) => l.id)],
    );
    expect(sides.beforeAnswer).toBeGreaterThan(0);
    expect(sides.afterAnswer).toBeGreaterThan(0);

    expect(
      await reservationViolations(inventory.schema, {
        ordersSchema: orders.schema,
        fulfilmentSchema: fulfilment.schema,
      }),
    ).toEqual([]);
    expect(cancelledLines.length).toBe(placed.reduce((n, o, i) => n + (specs[i].partial ? 1 : o.lines.length), 0));
    const [reservedForCancelled] = await inventory.sql<{ units: number }>(
      `SELECT coalesce(sum(reserved), 0)::int AS units FROM allocations WHERE (order_id, order_line_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [cancelledLines.map((l) => l.order_id), cancelledLines.map((l) => l.id)],
    );
    expect(reservedForCancelled.units).toBe(0);
  });
});
