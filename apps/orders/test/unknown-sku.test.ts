// Issue 13: any string was accepted as a SKU and failed later, at sourcing. Orders now learns the
// network's SKUs from inventory's stock-levels changelog and refuses, at order time, a SKU no location
// has ever stocked. The REAL inventory and orders run side by side on one event log.
import { randomUUID } from 'node:crypto';
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
import { inventoryService } from '../../inventory/src/inventory.service-definition';
import type { OrderView } from '../src/orders/order-view';
import { ordersService } from '../src/orders.service-definition';
import { ADDRESS, waitForKnownSkus } from './support/fixtures';

describe('an order for a SKU the network has never stocked', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE = `sku-store-${run}`;
  const STOCKED = `STOCKED-${run}`;
  const LATER = `LATER-${run}`;
  const NEVER = `NEVER-${run}`;
  let inventory: RunningService;
  let orders: RunningService;

  const receive = async (sku: string, quantity: number) =>
    expect(
      (
        await apiClient(inventory, ADMIN).post('/v1/stock/movements', {
          sku,
          locationId: STORE,
          type: 'receipt',
          quantity,
        })
      ).status,
    ).toBe(201);
  const line = (sku: string) => ({
    sku,
    qty: 1,
    unitPrice: 1500,
    currency: 'EUR',
    delivery: { type: 'ship', address: ADDRESS },
  });
  const place = (...skus: string[]) => {
    const body = { channel: 'web', customer: { id: `c-${run}` }, lines: skus.map(line) };
    return apiClient(orders, WEB).post<OrderView & { type?: string; errors?: unknown[] }>('/v1/orders', body, {
      'idempotency-key': randomUUID(),
    });
  };
  const written = async () => {
    const counts = await orders.sql<Record<string, string>>(
      `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_lines) AS lines, (SELECT count(*) FROM order_waits) AS waits,
              (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM idempotency_keys) AS keys`,
    );
    return counts[0];
  };

  beforeAll(async () => {
    [inventory, orders] = await startServices(prefix, [inventoryService, ordersService]);
    const store = storeBody('Sku store', { city: 'Lyon', postalCode: '69002', lat: 45.76, lng: 4.83 });
    expect((await apiClient(inventory, ADMIN).put(`/v1/locations/${STORE}`, store)).status).toBeLessThan(300);
    await receive(STOCKED, 3);
    // Orders has read the changelog past this SKU: its view has caught up, so "unknown" is an answer, not "not yet".
    await waitForKnownSkus(orders, [STOCKED]);
  });

  afterAll(async () => {
    await Promise.all([inventory, orders].map((s) => s?.stop()));
  });

  it('refuses it with a 422 problem naming the line, and writes nothing', async () => {
    const before = await written();
    const res = await place(STOCKED, NEVER);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:omni:problem:unknown-sku', skus: [NEVER] });
    expect(res.body.errors).toEqual([
      { field: 'lines.1.sku', message: expect.stringMatching(new RegExp(`${NEVER} is not known to the network`)) },
    ]);
    expect(await written()).toEqual(before);
  });

  it('takes a SKU once it has been received at any location, and keeps taking it after it sold out', async () => {
    expect((await place(LATER)).status).toBe(422);
    await receive(LATER, 1);
    await waitForKnownSkus(orders, [LATER]);
    const sale = { sku: LATER, locationId: STORE, type: 'sale', quantity: 1, reference: `sale-${run}` };
    const sold = await apiClient(inventory, ADMIN).post('/v1/stock/movements', sale);
    expect(sold.status).toBe(201);
    await eventually(
      async () => {
        const levels = await apiClient(inventory, ADMIN).get<Array<{ locationId: string; onHand: number }>>(
          `/v1/stock/${LATER}/levels`,
        );
        return levels.body.some((l) => l.locationId === STORE && l.onHand === 0);
      },
      20000,
      'the SKU to be sold out',
    );

    const res = await place(STOCKED, LATER);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'placed',
      lines: [
        { sku: STOCKED, status: 'placed' },
        { sku: LATER, status: 'placed' },
      ],
    });
    // One row per SKU, however many levels and movements it had.
    const known = await orders.sql(`SELECT sku FROM known_skus WHERE sku = ANY($1::text[]) ORDER BY sku`, [
      [STOCKED, LATER, NEVER],
    ]);
    expect(known).toEqual([{ sku: LATER }, { sku: STOCKED }]);
  });
});
