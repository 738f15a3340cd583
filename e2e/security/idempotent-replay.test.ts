// A retry with the same Idempotency-Key gets the first answer byte for byte (status, content type,
// body), on every kind of idempotent route: a coalesced stock movement, one that runs alone, a
// coalesced hold, and an order placement, against the real inventory and orders.
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
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';

const ADDRESS = { line1: '2 Low Rd', city: 'York', postalCode: 'YO1 7HH', country: 'GB' };

interface RawAnswer {
  status: number;
  contentType: string | null;
  replayed: string | null;
  bytes: Buffer;
}

describe('idempotent replays are byte-identical', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE = `idem-${run}`;
  const SKU = `IDEM-${run}`;
  let inventory: RunningService;
  let orders: RunningService;

  beforeAll(async () => {
    [inventory, orders] = await startServices(prefix, [inventoryService, ordersService]);
    const store = storeBody('Replays', { city: 'Paris', postalCode: '75001', lat: 48.8566, lng: 2.3522 }, [
      'sells_in_store',
      'bopis',
      'ship_from_store',
    ]);
    expect((await apiClient(inventory, ADMIN).put(`/v1/locations/${STORE}`, store)).status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all([inventory, orders].map((s) => s?.stop()));
  });

  /** One POST as raw bytes: fetch's arrayBuffer, never re-serialised JSON. */
  async function rawPost(
    svc: RunningService,
    path: string,
    token: string,
    body: unknown,
    key: string,
  ): Promise<RawAnswer> {
    const res = await fetch(`${svc.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      replayed: res.headers.get('idempotent-replayed'),
      bytes,
    };
  }

  function expectIdenticalReplay(first: RawAnswer, replay: RawAnswer, status: number): void {
    expect(first.status).toBe(status);
    expect(first.replayed).toBeNull();
    expect(replay.replayed).toBe('true');
    expect(replay.status).toBe(first.status);
    expect(replay.contentType).toBe(first.contentType);
    expect(first.contentType).toBe('application/json; charset=utf-8');
    expect(replay.bytes.equals(first.bytes)).toBe(true);
  }

  const admin = () => inventory.token(ADMIN);

  it('replays a receipt (coalesced with other movements) with the very bytes of its first answer', async () => {
    const body = { sku: SKU, locationId: STORE, type: 'receipt', quantity: 20, reference: 'PO-1' };
    const key = randomUUID();
    const first = await rawPost(inventory, '/v1/stock/movements', admin(), body, key);
    const replay = await rawPost(inventory, '/v1/stock/movements', admin(), body, key);
    expectIdenticalReplay(first, replay, 201);
    // The answer the route documents: the level as a view, not the row the ledger works with.
    expect(JSON.parse(first.bytes.toString('utf8')).level).toEqual(
      expect.objectContaining({ sellable: 20, asOf: expect.any(String) }),
    );
    expect(JSON.parse(first.bytes.toString('utf8')).level).not.toHaveProperty('updatedAt');
  });

  it('replays an adjustment (run alone, in the request’s own transaction) with the very bytes of its first answer', async () => {
    const body = { sku: SKU, locationId: STORE, type: 'adjustment', quantity: -1, reason: 'count correction' };
    const key = randomUUID();
    const first = await rawPost(inventory, '/v1/stock/movements', admin(), body, key);
    expectIdenticalReplay(first, await rawPost(inventory, '/v1/stock/movements', admin(), body, key), 201);
  });

  it('replays a hold with the very bytes of its first answer', async () => {
    const body = { channel: 'web', lines: [{ sku: SKU, qty: 1, locationId: STORE }], ttlSeconds: 600 };
    const key = randomUUID();
    const token = inventory.token(WEB);
    const first = await rawPost(inventory, '/v1/holds', token, body, key);
    expectIdenticalReplay(first, await rawPost(inventory, '/v1/holds', token, body, key), 201);
  });

  it('replays an order placement with the very bytes of its first answer', async () => {
    const body = {
      channel: 'web',
      customer: { id: `c-${run}` },
      lines: [{ sku: SKU, qty: 1, unitPrice: 1000, currency: 'EUR', delivery: { type: 'ship', address: ADDRESS } }],
    };
    const key = randomUUID();
    const token = orders.token(WEB);
    // Orders learns the SKU from inventory's changelog; a refusal meanwhile is not remembered, so the same key is retried.
    const first = await eventually(
      async () => {
        const attempt = await rawPost(orders, '/v1/orders', token, body, key);
        return attempt.status === 201 ? attempt : undefined;
      },
      30_000,
      'orders to accept the order once it knows the SKU',
    );
    expectIdenticalReplay(first, await rawPost(orders, '/v1/orders', token, body, key), 201);
  });
});
