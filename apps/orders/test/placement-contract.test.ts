import { randomUUID } from 'node:crypto';
import { apiClient, startTestService, uniqueSuffix, WEB, type ApiClient, type RunningService } from '@omni/testing';
import { ordersService } from '../src/orders.service-definition';
import { ADDRESS } from './support/fixtures';

// Issue 12, item 4: an order whose delivery address was an array was accepted, stored, and published as an
// orders.order-placed every consumer dead-lettered. The DTO refuses it now, and writes nothing.
describe('placing an order whose delivery address is not an address', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let svc: RunningService;
  let web: ApiClient;

  beforeAll(async () => {
    svc = await startTestService(ordersService, { topicPrefix: prefix });
    web = apiClient(svc, WEB);
  });

  afterAll(async () => {
    await svc?.stop();
  });

  const written = async () => ({
    orders: (await svc.sql(`SELECT 1 FROM orders`)).length,
    lines: (await svc.sql(`SELECT 1 FROM order_lines`)).length,
    outbox: (await svc.sql(`SELECT 1 FROM outbox`)).length,
  });
  const order = (address: unknown) => ({
    channel: 'web',
    customer: { id: 'c-drift' },
    lines: [{ sku: 'SKU-1', qty: 1, unitPrice: 1000, currency: 'EUR', delivery: { type: 'ship', address } }],
  });

  it.each([
    ['an empty array', []],
    ['an array holding an address', [ADDRESS]],
  ])(
    'refuses delivery.address as %s with a problem naming the field, writing no order and no event',
    async (_what, address) => {
      const before = await written();
      const res = await web.post('/v1/orders', order(address), { 'idempotency-key': randomUUID() });
      expect([400, 422]).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'lines.0.delivery.address' }));
      expect(await written()).toEqual(before);
    },
  );
});
