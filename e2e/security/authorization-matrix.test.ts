// The authorization matrix: every route the five services serve x {no token (or a malformed header),
// wrong store, wrong channel, other subject, store-as-admin}, on real resources, as access-table.ts
// says. A refusal must be problem+json of the documented type and write nothing in any schema; a
// route served without an entry in the table fails the suite. A few allowed calls prove it can fail both ways.
import { randomUUID } from 'node:crypto';
import { PROBLEM_CATALOGUE, problemOfType, ReadyForPickup, type ReadyForPickupV1 } from '@omni/contracts';
import { FORBIDDEN_PROBLEM, NOT_FOUND_PROBLEM, UNAUTHORIZED_PROBLEM } from '@omni/platform';
import {
  ADMIN,
  apiClient,
  channelClient,
  eventually,
  EventReader,
  startServices,
  storeBody,
  storeStaff,
  testDatabaseUrl,
  uniqueSuffix,
  WEB,
  WebhookReceiver,
  type Caller,
  type RunningService,
} from '@omni/testing';
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';
import { returnsService } from '../../apps/returns/src/returns.service-definition';
import { webhooksService } from '../../apps/webhooks/src/webhooks.service-definition';
import {
  ACCESS_TABLE,
  webOrder,
  type ApiRoute,
  type CaseName,
  type Expectation,
  type Fixture,
  type Service,
} from './access-table';
import { rawCall, servedRoutes, TableFingerprint, type RawReply } from './matrix-support';

// "Not yours" is never "not yet" (order-unknown): a refusal for who the caller is reads as not-found.
const ORDER_UNKNOWN_PROBLEM = 'urn:omni:problem:order-unknown';
const EXPECTED_TYPES: Record<number, string[]> = {
  401: [UNAUTHORIZED_PROBLEM],
  403: [FORBIDDEN_PROBLEM],
  404: [NOT_FOUND_PROBLEM],
};

describe('authorization matrix', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const f = { storeA: `mx-a-${run}`, storeB: `mx-b-${run}`, sku: `MX-${run}`, customerId: `mx-cust-${run}` } as Fixture;
  const services = {} as Record<Service, RunningService>;
  let fingerprint: TableFingerprint;
  let reader: EventReader;
  let receiver: WebhookReceiver;

  const storeA = () => storeStaff(f.storeA);
  const callers: Record<CaseName, () => Caller> = {
    wrongStore: () => storeStaff(f.storeB),
    wrongChannel: () => channelClient('marketplace'),
    // Store A's own role, channel and locations under another subject: owns nothing that is owned by identity.
    otherSubject: () => ({ ...storeA(), sub: 'another-clerk' }),
    storeAsAdmin: storeA,
  };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    f.webhookUrl = receiver.url('/matrix');
    const definitions = [
      inventoryService,
      ordersService,
      fulfilmentService,
      returnsService,
      { definition: webhooksService, env: { WEBHOOK_POLL_MS: '100' } },
    ];
    const [inventory, orders, fulfilment, returns, webhooks] = await startServices(prefix, definitions);
    Object.assign(services, { inventory, orders, fulfilment, returns, webhooks });
    reader = await EventReader.open(prefix, ['fulfilment']);
    await createResources();
    fingerprint = await TableFingerprint.open(
      testDatabaseUrl(),
      Object.values(services).map((s) => s.schema),
    );
    await settle();
  });

  afterAll(async () => {
    await fingerprint?.close();
    await reader?.close();
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await receiver?.close();
  });

  /**
   * A web order for pickup at store A, handed over and on its way back; a second one still to pick; a hold by store A;
   * the web channel's webhook subscription, with its delivery of the first order's ready-for-pickup done.
   */
  async function createResources(): Promise<void> {
    const subscribed = await apiClient(services.webhooks, WEB).post('/v1/webhooks/subscriptions', {
      url: f.webhookUrl,
      eventTypes: ['order.ready-for-pickup'],
    });
    expect(subscribed.status).toBe(201);
    f.subscriptionId = subscribed.body.id;
    const stockAdmin = apiClient(services.inventory, ADMIN);
    const place = { city: 'Paris', postalCode: '75001', lat: 48.86, lng: 2.34 };
    expect((await stockAdmin.put(`/v1/locations/${f.storeA}`, storeBody('Matrix A', place))).status).toBeLessThan(300);
    expect(
      (await stockAdmin.put(`/v1/locations/${f.storeB}`, storeBody('Matrix B', { ...place, lng: 2.3 }))).status,
    ).toBeLessThan(300);
    for (const locationId of [f.storeA, f.storeB]) {
      const receipt = { sku: f.sku, locationId, type: 'receipt', quantity: 10, reason: 'delivery' };
      expect((await stockAdmin.post('/v1/stock/movements', receipt)).status).toBe(201);
    }
    const holdBody = { channel: 'pos', lines: [{ sku: f.sku, qty: 1, locationId: f.storeA }] };
    const hold = await apiClient(services.inventory, storeA()).post('/v1/holds', holdBody);
    expect(hold.status).toBe(201);
    f.holdId = hold.body.id;

    const shop = apiClient(services.orders, WEB);
    const placeOrder = async (n: number) =>
      eventually(
        async () => {
          const res = await shop.post('/v1/orders', webOrder(f), { 'idempotency-key': `mx-order-${n}-${run}` });
          return res.status === 201 ? res.body : undefined;
        },
        30000,
        `orders to take web order ${n}`,
      );
    const [order1, order2] = [await placeOrder(1), await placeOrder(2)];
    Object.assign(f, {
      order1Id: order1.id,
      order1LineId: order1.lines[0].id,
      order2Id: order2.id,
      order2LineId: order2.lines[0].id,
    });

    const staffA = apiClient(services.fulfilment, storeA());
    const taskOf = (orderId: string) =>
      eventually(
        async () => {
          const tasks = await staffA.get(`/v1/locations/${f.storeA}/tasks`);
          return tasks.body.items?.find((t: { orderId: string }) => t.orderId === orderId);
        },
        30000,
        'a pick task',
      );
    const task1 = await taskOf(f.order1Id);
    f.taskId = (await taskOf(f.order2Id)).id;
    expect(
      (await staffA.post(`/v1/tasks/${task1.id}/pick`, { lines: [{ orderLineId: f.order1LineId, pickedQty: 1 }] }))
        .status,
    ).toBe(200);
    expect((await staffA.post(`/v1/tasks/${task1.id}/pack`)).status).toBe(200);
    expect((await staffA.post(`/v1/tasks/${task1.id}/ready`)).status).toBe(200);
    const readyOf = (r: EventReader) =>
      r.events<ReadyForPickupV1>(ReadyForPickup.type).find((e) => e.data.orderId === f.order1Id);
    await reader.waitFor((r) => !!readyOf(r), 30000, 'ready-for-pickup');
    expect(
      (await staffA.post(`/v1/tasks/${task1.id}/handover`, { code: readyOf(reader)?.data.pickupCode })).status,
    ).toBe(200);

    const handedOver = async () =>
      (await services.returns.sql(`SELECT 1 FROM line_fulfilments WHERE order_id = $1`, [f.order1Id])).length === 1;
    await eventually(handedOver, 30000, 'returns to learn of the handover');
    const authorised = await apiClient(services.returns, WEB).post('/v1/returns', {
      orderId: f.order1Id,
      returnTo: { method: 'in-store', locationId: f.storeA },
      lines: [{ orderLineId: f.order1LineId, qty: 1, reason: 'changed-mind' }],
    });
    expect(authorised.status).toBe(201);
    f.returnId = authorised.body.id;

    // Delivered (the receiver answers 200), so no retry writes while the matrix runs.
    const delivered = await eventually(
      async () => {
        const log = await apiClient(services.webhooks, WEB).get(
          `/v1/webhooks/subscriptions/${f.subscriptionId}/deliveries`,
        );
        return log.body.items?.find(
          (d: { orderId: string; status: string }) => d.orderId === f.order1Id && d.status === 'delivered',
        );
      },
      30000,
      'the webhook of order 1 to be delivered',
    );
    f.deliveryId = delivered.id;
  }

  /** Until every outbox is drained and two fingerprints in a row agree: the consumers have nothing left to do. */
  async function settle(): Promise<Map<string, string>> {
    let previous = await fingerprint.take();
    return eventually(
      async () => {
        const unsentOf = (s: RunningService) =>
          s.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
        const unsent = await Promise.all(Object.values(services).map(unsentOf));
        const current = await fingerprint.take();
        const stable = unsent.every(([r]) => r.n === 0) && TableFingerprint.changed(previous, current).length === 0;
        previous = current;
        return stable ? current : undefined;
      },
      60000,
      'the services to settle',
    );
  }

  it('has an entry for every route the services serve, and none for a route they do not serve', () => {
    const served = (Object.keys(services) as Service[]).flatMap((s) =>
      servedRoutes(services[s]).map((r) => `${s} ${r}`),
    );
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((key) => !(key in ACCESS_TABLE))).toEqual([]);
    expect(Object.keys(ACCESS_TABLE).filter((key) => !served.includes(key))).toEqual([]);
  });

  it('serves the error catalogue on every service without a token, and in its OpenAPI document', async () => {
    const catalogue = JSON.parse(JSON.stringify(PROBLEM_CATALOGUE));
    for (const svc of Object.values(services)) {
      const res = await fetch(`${svc.url}/docs/problems`);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^application\/json/)]);
      expect(await res.json()).toEqual(catalogue);
      expect(
        ((await (await fetch(`${svc.url}/docs-json`)).json()) as Record<string, unknown>)['x-problem-types'],
      ).toEqual(catalogue);
    }
  });

  it('refuses every caller the table refuses, with problem+json, and writes nothing anywhere', async () => {
    const adminToken = services.inventory.token(ADMIN);
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const seenTypes = new Set<string>();
    let cases = 0;
    let before = await fingerprint.take();

    const check = async (
      key: string,
      what: string,
      call: () => Promise<RawReply>,
      expected: Expectation | 'no-5xx',
    ): Promise<void> => {
      cases += 1;
      const reply = await call();
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
      const wrong = verdict(reply, expected, f);
      if (wrong) failures.push(`${key} [${what}]: ${wrong}`);
      if (reply.contentType.startsWith('application/problem+json'))
        seenTypes.add((JSON.parse(reply.text) as { type?: string }).type ?? '(none)');
      const after = await fingerprint.take();
      const written = TableFingerprint.changed(before, after);
      if (written.length) {
        failures.push(`${key} [${what}]: wrote ${written.join(', ')}`);
        before = await settle();
      } else {
        before = after;
      }
    };

    const routes = Object.entries(ACCESS_TABLE);
    for (const [key, entry] of routes) {
      const [service, method] = key.split(' ') as [Service, string];
      const svc = services[service];
      if (entry.kind === 'management') {
        await check(key, 'no token', () => rawCall(svc.url, method, entry.path, undefined), 'no-5xx');
        continue;
      }
      const body = method === 'GET' ? undefined : (entry.body?.(f) ?? undefined);
      const path = entry.path(f);
      // No token, the admin's token with junk after it, and with doubled whitespace: all 401, never the admin's answer.
      for (const [what, header] of [
        ['no token', undefined],
        ['admin token + junk', `Bearer ${adminToken} junk`],
        ['admin token, two spaces', `Bearer  ${adminToken}`],
      ] as const) {
        await check(key, what, () => rawCall(svc.url, method, path, header, body), 401);
      }
      for (const [name, expected] of Object.entries((entry as ApiRoute).cases) as Array<
        [CaseName, ApiRoute['cases'][CaseName]]
      >) {
        if (typeof expected === 'object' && 'na' in expected) continue;
        const token = svc.token(callers[name]());
        await check(key, name, () => rawCall(svc.url, method, path, `Bearer ${token}`, body), expected);
        // "Not yours" must read exactly like "no such thing": the same request for an id nobody has. For an
        // order a service learns of from events, an id nobody has is "not yet" instead (README "Who may do what").
        const [id] = path.match(UUID) ?? [];
        if (expected === 404 && id) {
          const missing = randomUUID();
          const yours = await rawCall(svc.url, method, path, `Bearer ${token}`, body);
          const nobodys = await rawCall(svc.url, method, path.replace(id, missing), `Bearer ${token}`, body);
          cases += 1;
          if ((entry as ApiRoute).learnedOrder) {
            const notYet = JSON.parse(nobodys.text) as { status?: number; type?: string };
            if (notYet.status !== 404 || notYet.type !== ORDER_UNKNOWN_PROBLEM)
              failures.push(`${key} [${name}]: an order not heard of is not "not yet": ${nobodys.text}`);
          } else if (comparable(nobodys.text.replaceAll(missing, id)) !== comparable(yours.text)) {
            failures.push(
              `${key} [${name}]: a resource not yours reads unlike a missing one: ${yours.text} vs ${nobodys.text}`,
            );
          }
          const after = await fingerprint.take();
          const written = TableFingerprint.changed(before, after);
          if (written.length) failures.push(`${key} [${name}, missing id]: wrote ${written.join(', ')}`);
          before = after;
        }
      }
    }

    // Every problem answered is dereferenceable in the catalogue.
    expect([...seenTypes].filter((type) => !problemOfType(type))).toEqual([]);
    // The counts the issue asks for, in the test log.
    process.stdout.write(
      `authorization matrix: ${routes.length} routes, ${cases} cases, statuses ${JSON.stringify(statuses)}\n`,
    );
    expect(failures).toEqual([]);
  });

  it('lets each owner do what it owns, and only that (the matrix can fail both ways)', async () => {
    const as = (service: Service, caller: Caller) => apiClient(services[service], caller);
    const web = (service: Service) => as(service, WEB);

    expect((await as('inventory', storeA()).get(`/v1/holds/${f.holdId}`)).status).toBe(200);
    expect((await as('inventory', ADMIN).get(`/v1/holds/${f.holdId}`)).status).toBe(200);
    expect((await web('orders').get(`/v1/orders/${f.order2Id}`)).status).toBe(200);
    expect((await as('orders', storeA()).get(`/v1/orders/${f.order2Id}`)).status).toBe(200);
    expect((await web('fulfilment').get(`/v1/orders/${f.order2Id}/sourcing`)).status).toBe(200);
    expect((await as('fulfilment', callers.otherSubject()).get(`/v1/tasks/${f.taskId}`)).status).toBe(200);
    for (const reader of [web('fulfilment'), as('fulfilment', storeA())]) {
      expect((await reader.get(`/v1/orders/${f.order2Id}/tasks`)).body.items).toEqual([
        expect.objectContaining({ id: f.taskId }),
      ]);
    }
    expect((await web('returns').get(`/v1/returns/${f.returnId}`)).status).toBe(200);
    expect((await as('returns', storeA()).get(`/v1/returns/${f.returnId}`)).status).toBe(200);
    expect((await web('returns').get(`/v1/orders/${f.order1Id}/returns`)).body.returns).toEqual([
      expect.objectContaining({ id: f.returnId }),
    ]);
    // What may come back of order 1: its channel and admins read it as store B does; the return on its way holds the unit.
    for (const reader of [web('returns'), as('returns', ADMIN), as('returns', callers.wrongStore())]) {
      expect((await reader.get(`/v1/orders/${f.order1Id}/returnable`)).body.lines).toEqual([
        expect.objectContaining({ orderLineId: f.order1LineId, returnedQty: 1, returnableQty: 0 }),
      ]);
    }
    for (const owner of [
      web('webhooks'),
      as('webhooks', ADMIN),
      as('webhooks', { ...WEB, sub: 'another-web-backend' }),
    ]) {
      expect((await owner.get(`/v1/webhooks/subscriptions/${f.subscriptionId}`)).status).toBe(200);
      expect((await owner.get(`/v1/webhooks/subscriptions/${f.subscriptionId}/deliveries`)).body.items).toEqual([
        expect.objectContaining({ id: f.deliveryId }),
      ]);
    }
    // The pickup code reached the web backend only: the order's channel, over its own webhook.
    expect(receiver.received.map((r) => r.json?.orderId)).toEqual([f.order1Id]);

    // One history whatever the channel: the web channel (its customer) and any store (audited) read all of it.
    for (const reader of [web('orders'), as('orders', callers.wrongStore())]) {
      const history = await reader.get(`/v1/customers/${f.customerId}/orders`);
      expect(history.status).toBe(200);
      expect(history.body.items.map((o: { id: string }) => o.id).sort()).toEqual([f.order1Id, f.order2Id].sort());
    }

    // Idempotency keys are scoped by identity: two tills sharing a login, one key, two receipts.
    const till = (locationId: string) => as('inventory', { ...storeStaff(locationId), sub: 'shared-till' });
    const receipt = (locationId: string) => ({
      sku: f.sku,
      locationId,
      type: 'receipt',
      quantity: 1,
      reason: 'matrix',
    });
    const key = { 'idempotency-key': `mx-shared-${run}` };
    const atA = await till(f.storeA).post('/v1/stock/movements', receipt(f.storeA), key);
    const atB = await till(f.storeB).post('/v1/stock/movements', receipt(f.storeB), key);
    expect([atA.status, atB.status]).toEqual([201, 201]);
    expect(atB.headers.get('idempotent-replayed')).toBeNull();
    expect(atB.body.movement.locationId).toBe(f.storeB);

    // The owner may extend its hold (a write the matrix refused to everyone else), and the fingerprint sees that update.
    const before = await settle();
    expect((await as('inventory', storeA()).post(`/v1/holds/${f.holdId}/extend`, { ttlSeconds: 600 })).status).toBe(
      200,
    );
    expect(TableFingerprint.changed(before, await fingerprint.take())).toContain(`${services.inventory.schema}.holds`);
  });
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** A problem document without what differs between any two requests. */
function comparable(text: string): string {
  const { correlationId: _c, instance: _i, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** Why a reply is not what the table says, or undefined when it is. */
function verdict(reply: RawReply, expected: Expectation | 'no-5xx', f: Fixture): string | undefined {
  if (expected === 'no-5xx') return reply.status >= 500 ? `answered ${reply.status}` : undefined;
  if (typeof expected === 'object') {
    if (reply.status !== 200)
      return `expected 200 narrowed to the caller, got ${reply.status} ${reply.text.slice(0, 200)}`;
    const revealed = expected.hidden(f).filter((value) => reply.text.includes(value));
    if (revealed.length) return `revealed ${revealed.join(', ')}`;
    const missing = (expected.shown?.(f) ?? []).filter((value) => !reply.text.includes(value));
    return missing.length ? `did not show ${missing.join(', ')}` : undefined;
  }
  if (reply.status !== expected) return `expected ${expected}, got ${reply.status} ${reply.text.slice(0, 200)}`;
  if (!reply.contentType.startsWith('application/problem+json')) return `not problem+json: ${reply.contentType}`;
  const problem = JSON.parse(reply.text) as { status?: number; type?: string };
  if (problem.status !== expected) return `problem status ${problem.status}`;
  const types = EXPECTED_TYPES[expected];
  if (!types.includes(problem.type ?? '')) return `problem type ${problem.type}, expected one of ${types.join(', ')}`;
  return undefined;
}
