// A shopper's client holds stock at inventory and places the order carrying the hold a millisecond
// later, at orders, which has not heard of the hold yet: "not yet" is not "not yours". The REAL
// inventory, orders and fulfilment run side by side on one event log.
import {
  ADMIN,
  apiClient,
  eventually,
  startServices,
  storeBody,
  uniqueSuffix,
  WEB,
  type RunningService,
} from '@omni/testing';
// Tests may cross apps, production code may not.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { fulfilmentService } from '../../fulfilment/src/fulfilment.service-definition';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { inventoryService } from '../../inventory/src/inventory.service-definition';
import type { OrderView } from '../src/orders/order-view';
import { ordersService } from '../src/orders.service-definition';

describe('a hold, then an order carrying it 1 ms later', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE = `hold-store-${run}`;
  const SKU = `HOLD-${run}`;
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;

  beforeAll(async () => {
    [inventory, orders, fulfilment] = await startServices(prefix, [inventoryService, ordersService, fulfilmentService]);
    const stockAdmin = apiClient(inventory, ADMIN);
    const store = storeBody('Hold store', { city: 'Lyon', postalCode: '69002', lat: 45.76, lng: 4.83 }, [
      'sells_in_store',
      'bopis',
      'ship_from_store',
    ]);
    expect((await stockAdmin.put(`/v1/locations/${STORE}`, store)).status).toBeLessThan(300);
    expect(
      (await stockAdmin.post('/v1/stock/movements', { sku: SKU, locationId: STORE, type: 'receipt', quantity: 2 }))
        .status,
    ).toBe(201);
    // Orders and fulfilment know the store and its stock (orders: that the SKU exists): the only thing nobody has heard of yet will be the hold.
    await eventually(
      async () => (await orders.sql(`SELECT 1 FROM known_locations WHERE id = $1`, [STORE])).length === 1,
      30000,
      'orders to know the store',
    );
    await eventually(
      async () =>
        (
          await fulfilment.sql(`SELECT 1 FROM stock_positions WHERE sku = $1 AND location_id = $2 AND sellable = 2`, [
            SKU,
            STORE,
          ])
        ).length === 1,
      30000,
      'fulfilment to know the stock',
    );
    await eventually(
      async () => (await orders.sql(`SELECT 1 FROM known_skus WHERE sku = $1`, [SKU])).length === 1,
      30000,
      'orders to know the SKU',
    );
  });

  afterAll(async () => {
    await Promise.all([inventory, orders, fulfilment].map((s) => s?.stop()));
  });

  it('accepts the order (never refuses it for a hold orders has not heard of yet), and it ends allocated with the hold converted', async () => {
    const hold = await apiClient(inventory, WEB).post<{ id: string }>(
      '/v1/holds',
      { channel: 'web', lines: [{ sku: SKU, qty: 2, locationId: STORE }] },
      { 'idempotency-key': `cart-${run}` },
    );
    expect(hold.status).toBe(201);
    // Not a wait for anything: the order is placed a millisecond after the hold, as the quickest shop would.
    await new Promise((r) => setTimeout(r, 1));
    const placed = await apiClient(orders, WEB).post<OrderView>('/v1/orders', {
      channel: 'web',
      customer: { id: `cust-${run}` },
      holdId: hold.body.id,
      lines: [{ sku: SKU, qty: 2, unitPrice: 4500, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE } }],
    });
    expect(placed.status).toBe(201);
    expect(['pending', 'placed']).toContain(placed.body.status);

    const allocated = await eventually(
      async () => {
        const body = (await apiClient(orders, WEB).get<OrderView>(`/v1/orders/${placed.body.id}`)).body;
        return body.lines.every((l) => l.status === 'allocated' || l.status === 'in_fulfilment') ? body : undefined;
      },
      30000,
      'the order to be allocated',
    );
    expect(allocated.timeline.map((t) => t.step).slice(0, 2)).toEqual(['placed', 'allocated']);
    expect(allocated.timeline[1].detail).toMatchObject({ holdId: hold.body.id });
    expect((await apiClient(inventory, WEB).get<{ status: string }>(`/v1/holds/${hold.body.id}`)).body.status).toBe(
      'converted',
    );
    // The hold's units became the order's allocation: 2 reserved, not 4 (and not refused for want of stock).
    const levels = await apiClient(inventory, ADMIN).get<
      Array<{ locationId: string; onHand: number; reserved: number }>
    >(`/v1/stock/${SKU}/levels`);
    expect(levels.body.find((l) => l.locationId === STORE)).toMatchObject({ onHand: 2, reserved: 2 });
  });
});
