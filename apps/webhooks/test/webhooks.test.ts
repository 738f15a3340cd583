// Webhooks against the real parts: inventory, orders, fulfilment and webhooks on one event log, a click-and-collect
// order walked to the counter by the store's staff, and the channels' backends played by a real HTTP receiver on
// 127.0.0.1. Retries are shrunk to milliseconds through the environment (WEBHOOK_RETRY_BASE_MS and friends).
import { PickupReminderDue, ReadyForPickup, type EventEnvelope, type ReadyForPickupV1 } from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  assertDeclaredWebhook,
  channelClient,
  eventually,
  EventFixtures,
  EventReader,
  startServices,
  storeBody,
  storeStaff,
  uniqueSuffix,
  waitForGroup,
  WebhookReceiver,
  WEB,
  type ApiClient,
  type ReceivedWebhook,
  type RunningService,
} from '@omni/testing';
// Tests may cross apps; production code may not.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { fulfilmentService } from '../../fulfilment/src/fulfilment.service-definition';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { inventoryService } from '../../inventory/src/inventory.service-definition';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ordersService } from '../../orders/src/orders.service-definition';
import { verifySignature } from '../src/deliveries/deliveries.rules';
import { webhooksService } from '../src/webhooks.service-definition';

const RETRY_BASE_MS = 400;
const MARKETPLACE = channelClient('marketplace');

interface Delivery {
  id: string;
  eventId: string;
  type: string;
  orderId: string;
  status: string;
  attemptCount: number;
  attempts: Array<{
    attempt: number;
    trigger: string;
    attemptedAt: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }>;
}

describe('webhooks: the channel that owns an order hears of its moments, signed, retried, once', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE = `wh-s-${run}`;
  const SKU = `WH-${run}`;
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;
  let webhooks: RunningService;
  let receiver: WebhookReceiver;
  let reader: EventReader;
  let fixtures: EventFixtures;
  const secrets: Record<string, string> = {};
  const subscriptions: Record<'web' | 'flaky' | 'market', string> = { web: '', flaky: '', market: '' };

  const hooks = (caller = WEB) => apiClient(webhooks, caller);
  const staff = () => apiClient(fulfilment, storeStaff(STORE));
  const log = async (subscriptionId: string, caller = WEB): Promise<Delivery[]> =>
    (await hooks(caller).get(`/v1/webhooks/subscriptions/${subscriptionId}/deliveries`)).body.items;
  const readyAt = (path: string, orderId: string): ReceivedWebhook[] =>
    receiver.at(path).filter((r) => r.json?.type === 'order.ready-for-pickup' && r.json.orderId === orderId);
  const readyEvents = (orderId: string) =>
    reader.events<ReadyForPickupV1>(ReadyForPickup.type).filter((e) => e.data.orderId === orderId);

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    const quickRetries = {
      WEBHOOK_POLL_MS: '100',
      WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      WEBHOOK_RETRY_MAX_MS: '2000',
      WEBHOOK_TIMEOUT_MS: '3000',
    };
    [inventory, orders, fulfilment, webhooks] = await startServices(prefix, [
      inventoryService,
      ordersService,
      fulfilmentService,
      { definition: webhooksService, env: quickRetries },
    ]);
    reader = await EventReader.open(prefix, ['fulfilment', 'dlq']);
    fixtures = new EventFixtures(prefix);
    const admin = apiClient(inventory, ADMIN);
    expect(
      (
        await admin.put(
          `/v1/locations/${STORE}`,
          storeBody('Webhooks', { city: 'Paris', postalCode: '75002', lat: 48.87, lng: 2.34 }),
        )
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await admin.post('/v1/stock/movements', {
          sku: SKU,
          locationId: STORE,
          type: 'receipt',
          quantity: 10,
          reason: 'delivery',
        })
      ).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await fixtures?.close();
    await reader?.close();
    await Promise.all([inventory, orders, fulfilment, webhooks].map((s) => s?.stop()));
    await receiver?.close();
  });

  it('lets a channel subscribe for itself only, and an admin for any channel it names; the secret is shown once', async () => {
    const body = {
      url: receiver.url('/web'),
      eventTypes: ['order.ready-for-pickup', 'order.pickup-reminder', 'order.cancelled'],
      description: 'web shop',
    };
    const created = await hooks().post('/v1/webhooks/subscriptions', body, { 'idempotency-key': `web-${run}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'web',
      url: body.url,
      eventTypes: body.eventTypes,
      description: 'web shop',
      secret: expect.stringMatching(/^whsec_/),
    });
    const replayed = await hooks().post('/v1/webhooks/subscriptions', body, { 'idempotency-key': `web-${run}` });
    expect([replayed.status, replayed.body.id, replayed.body.secret]).toEqual([
      201,
      created.body.id,
      created.body.secret,
    ]);
    subscriptions.web = created.body.id;
    secrets.web = created.body.secret;

    const read = await hooks().get(`/v1/webhooks/subscriptions/${subscriptions.web}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');

    const flaky = await hooks(ADMIN).post('/v1/webhooks/subscriptions', {
      channel: 'web',
      url: receiver.url('/flaky'),
      eventTypes: ['order.ready-for-pickup'],
    });
    expect(flaky.status).toBe(201);
    subscriptions.flaky = flaky.body.id;
    secrets.flaky = flaky.body.secret;
    const everything = [
      'order.ready-for-pickup',
      'order.pickup-reminder',
      'order.shipped',
      'order.delivered',
      'order.cancelled',
      'order.lines-unfulfillable',
      'order.refund-decided',
    ];
    const market = await hooks(MARKETPLACE).post('/v1/webhooks/subscriptions', {
      url: receiver.url('/market'),
      eventTypes: everything,
    });
    expect(market.status).toBe(201);
    subscriptions.market = market.body.id;

    // Not its channel, not its role, no channel named by an admin, no http(s): refused, nothing made.
    expect((await hooks().post('/v1/webhooks/subscriptions', { ...body, channel: 'marketplace' })).status).toBe(403);
    expect((await hooks(storeStaff(STORE)).post('/v1/webhooks/subscriptions', body)).status).toBe(403);
    const unnamed = await hooks(ADMIN).post('/v1/webhooks/subscriptions', body);
    expect([unnamed.status, unnamed.body.errors]).toEqual([400, [expect.objectContaining({ field: 'channel' })]]);
    const ftp = await hooks().post('/v1/webhooks/subscriptions', { ...body, url: 'ftp://127.0.0.1/hook' });
    expect([ftp.status, ftp.body.errors]).toEqual([400, [expect.objectContaining({ field: 'url' })]]);
    expect(
      (await hooks().post('/v1/webhooks/subscriptions', { ...body, eventTypes: ['fulfilment.ready-for-pickup'] }))
        .status,
    ).toBe(400);

    // Each channel sees its own; another channel's reads like a missing one.
    expect(
      (await hooks().get('/v1/webhooks/subscriptions')).body.items.map((s: { id: string }) => s.id).sort(),
    ).toEqual([subscriptions.web, subscriptions.flaky].sort());
    expect(
      (await hooks(MARKETPLACE).get('/v1/webhooks/subscriptions')).body.items.map((s: { id: string }) => s.id),
    ).toEqual([subscriptions.market]);
    expect((await hooks(MARKETPLACE).get(`/v1/webhooks/subscriptions/${subscriptions.web}`)).status).toBe(404);
    expect((await hooks(MARKETPLACE).get(`/v1/webhooks/subscriptions/${subscriptions.web}/deliveries`)).status).toBe(
      404,
    );
    expect((await hooks().get('/v1/webhooks/subscriptions?channel=marketplace')).status).toBe(403);
    expect(
      (await hooks(ADMIN).get('/v1/webhooks/subscriptions?channel=marketplace')).body.items.map(
        (s: { id: string }) => s.id,
      ),
    ).toEqual([subscriptions.market]);
    expect(await webhooks.sql(`SELECT 1 FROM subscriptions`)).toHaveLength(3);
  });

  it('sends the owning channel ready-for-pickup with the code, signed; retries a 500 with backoff; tells no other channel', async () => {
    receiver.answer('/flaky', 500);
    const { orderId, code } = await readyForPickup(`one-${run}`);

    const [hook] = await eventually(
      async () => (readyAt('/web', orderId).length ? readyAt('/web', orderId) : undefined),
      30000,
      'the web backend to hear of the pickup',
    );
    const event = readyEvents(orderId)[0];
    expect(hook.json).toEqual({
      id: event.id,
      type: 'order.ready-for-pickup',
      occurredAt: event.occurredAt,
      orderId,
      data: {
        fulfilmentOrderId: event.data.fulfilmentOrderId,
        locationId: STORE,
        lines: [{ orderLineId: expect.any(String), sku: SKU, qty: 1 }],
        expiresAt: event.data.expiresAt,
        pickupCode: code,
        customerId: `cust-${run}`,
        externalRef: `one-${run}`,
      },
    });
    expect(hook.headers).toMatchObject({
      'content-type': 'application/json',
      'omni-event-id': event.id,
      'omni-event-type': 'order.ready-for-pickup',
    });
    const signed = hook.headers['omni-signature'] as string;
    expect(signed).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(signed, hook.body, secrets.web, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature(signed, hook.body, secrets.flaky, Math.floor(Date.now() / 1000))).toBe(false);

    // The flaky receiver answered 500 once: tried again after the backoff, then delivered; both attempts logged.
    const flaky = await eventually(
      async () => (await log(subscriptions.flaky)).find((d) => d.orderId === orderId && d.status === 'delivered'),
      30000,
      'the retry to succeed',
    );
    expect(flaky.attempts.map((a) => [a.attempt, a.trigger, a.statusCode])).toEqual([
      [1, 'event', 500],
      [2, 'retry', 200],
    ]);
    const gap = Date.parse(flaky.attempts[1].attemptedAt) - Date.parse(flaky.attempts[0].attemptedAt);
    expect(gap).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2);
    const sent = readyAt('/flaky', orderId);
    expect(sent.map((r) => r.status)).toEqual([500, 200]);
    expect(sent[1].body).toBe(sent[0].body);
    expect(
      verifySignature(
        sent[1].headers['omni-signature'] as string,
        sent[1].body,
        secrets.flaky,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);

    // The marketplace subscribed to everything, but this is the web channel's order.
    expect(receiver.at('/market')).toEqual([]);
    expect(await log(subscriptions.market, MARKETPLACE)).toEqual([]);
    expect(await webhooks.sql(`SELECT 1 FROM deliveries WHERE subscription_id = $1`, [subscriptions.market])).toEqual(
      [],
    );
  });

  it('delivers an event redelivered by the log once, and sends a delivery again when asked', async () => {
    const orderId = (
      await webhooks.sql<{ order_id: string }>(`SELECT order_id FROM deliveries WHERE subscription_id = $1`, [
        subscriptions.web,
      ])
    )[0].order_id;
    const [ready] = readyEvents(orderId) as Array<EventEnvelope<ReadyForPickupV1>>;

    // The very same event again: once webhooks' group has committed past it, it was read, and made nothing more.
    await fixtures.resend([ready]);
    await waitForGroup(webhooks.config.KAFKA_GROUP_ID as string);
    const deliveries = (await log(subscriptions.web)).filter((d) => d.eventId === ready.id);
    expect(deliveries).toHaveLength(1);
    await eventually(
      async () => (await log(subscriptions.web)).every((d) => d.status !== 'pending'),
      30000,
      'nothing left to send',
    );
    expect(readyAt('/web', orderId)).toHaveLength(1);

    // A reminder, as fulfilment's sweeper would publish it, reaches the subscription that asked for reminders.
    const { fulfilmentOrderId, locationId, expiresAt } = ready.data;
    const reminder = await fixtures.publish(PickupReminderDue, orderId, {
      orderId,
      fulfilmentOrderId,
      locationId,
      expiresAt,
    });
    const reminded = await eventually(
      async () => receiver.at('/web').find((r) => r.json?.id === reminder.id),
      30000,
      'the reminder',
    );
    expect(reminded.json).toMatchObject({
      type: 'order.pickup-reminder',
      orderId,
      data: { fulfilmentOrderId, locationId, expiresAt, customerId: `cust-${run}` },
    });

    // Another channel cannot redeliver it (it reads as missing); the owner can, and the same body goes out again.
    expect((await hooks(MARKETPLACE).post(`/v1/webhooks/deliveries/${deliveries[0].id}/redeliver`)).status).toBe(404);
    const asked = await hooks().post(`/v1/webhooks/deliveries/${deliveries[0].id}/redeliver`);
    expect([asked.status, asked.body.status]).toEqual([202, 'pending']);
    const again = await eventually(
      async () => (readyAt('/web', orderId).length === 2 ? readyAt('/web', orderId) : undefined),
      30000,
      'the redelivery',
    );
    expect(again[1].body).toBe(again[0].body);
    expect(
      verifySignature(
        again[1].headers['omni-signature'] as string,
        again[1].body,
        secrets.web,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    const redelivered = await eventually(
      async () =>
        (await log(subscriptions.web)).find(
          (d) => d.id === deliveries[0].id && d.status === 'delivered' && d.attemptCount === 2,
        ),
      30000,
      'the redelivery in the log',
    );
    expect(redelivered.attempts.map((a) => [a.trigger, a.statusCode])).toEqual([
      ['event', 200],
      ['redelivery', 200],
    ]);
  });

  it('shows the pickup code in the order to its own channel only, the reissued one after a reissue, none once collected', async () => {
    const { orderId, code, taskId } = await readyForPickup(`two-${run}`);
    const pickupsOf = async (caller = WEB) =>
      (await apiClient(orders, caller).get(`/v1/orders/${orderId}`)).body.pickups;
    const shown = await eventually(async () => (await pickupsOf())?.[0], 30000, 'orders to show the code');
    expect(shown).toMatchObject({ code, locationId: STORE, lineIds: [expect.any(String)] });

    const asStore = await apiClient(orders, storeStaff(STORE)).get(`/v1/orders/${orderId}`);
    expect([asStore.status, asStore.body.pickups]).toEqual([200, undefined]);
    const asAdmin = await apiClient(orders, ADMIN).get(`/v1/orders/${orderId}`);
    expect([asAdmin.status, asAdmin.body.pickups]).toEqual([200, undefined]);
    const asMarketplace = await apiClient(orders, MARKETPLACE).get(`/v1/orders/${orderId}`);
    expect([asMarketplace.status, asMarketplace.body.pickups]).toEqual([404, undefined]);

    // A reissue announces a new code: the order shows it, and the web backend is sent it.
    expect((await staff().post(`/v1/tasks/${taskId}/reissue-code`)).status).toBe(200);
    await reader.waitFor(() => readyEvents(orderId).length === 2, 30000, 'the reissued ready-for-pickup');
    const reissued = readyEvents(orderId)[1].data.pickupCode as string;
    await eventually(
      async () => (await pickupsOf())?.[0]?.code === reissued,
      30000,
      'orders to show the reissued code',
    );
    await eventually(
      async () => readyAt('/web', orderId).some((r) => r.json?.data?.pickupCode === reissued),
      30000,
      'the web backend to hear of the new code',
    );

    // Collected: the code opens nothing any more, and is no longer shown.
    expect((await staff().post(`/v1/tasks/${taskId}/handover`, { code: reissued })).status).toBe(200);
    await eventually(async () => (await pickupsOf())?.length === 0, 30000, 'the code to go once collected');
  });

  it("tells the channel its order's cancel, as fulfilment decided it", async () => {
    const orderId = await placePickupOrder(`three-${run}`);
    await eventually(
      async () => (await staff().get(`/v1/orders/${orderId}/tasks`)).body.items?.length === 1,
      30000,
      'the pick task',
    );
    const cancel = await apiClient(orders, WEB).post(`/v1/orders/${orderId}/cancel`, { reason: 'changed mind' });
    expect(cancel.status).toBe(202);
    const hook = await eventually(
      async () => receiver.at('/web').find((r) => r.json?.type === 'order.cancelled' && r.json.orderId === orderId),
      30000,
      'the cancel webhook',
    );
    expect(hook.json?.data).toMatchObject({ lineIds: [cancel.body.lines[0].id], reason: 'changed mind', refused: [] });
    expect(
      verifySignature(hook.headers['omni-signature'] as string, hook.body, secrets.web, Math.floor(Date.now() / 1000)),
    ).toBe(true);
  });

  it("sent only bodies and headers the OpenAPI document's webhooks declare", async () => {
    expect(receiver.received.length).toBeGreaterThan(0);
    for (const hook of receiver.received) await assertDeclaredWebhook(webhooks.url, hook);
  });

  it('deletes a subscription only for its own channel, and dead-lettered nothing along the way', async () => {
    expect((await hooks(WEB).delete(`/v1/webhooks/subscriptions/${subscriptions.market}`)).status).toBe(404);
    expect((await hooks(MARKETPLACE).delete(`/v1/webhooks/subscriptions/${subscriptions.market}`)).status).toBe(204);
    expect((await hooks(MARKETPLACE).get(`/v1/webhooks/subscriptions/${subscriptions.market}`)).status).toBe(404);
    for (const svc of [inventory, orders, fulfilment, webhooks])
      await waitForGroup(svc.config.KAFKA_GROUP_ID as string);
    await reader.caughtUp();
    expect(reader.records.filter((r) => r.topic.endsWith('omni.dlq.v1'))).toEqual([]);
  });

  async function placePickupOrder(externalRef: string): Promise<string> {
    const body = {
      channel: 'web',
      customer: { id: `cust-${run}`, email: 'shopper@example.com' },
      externalRef,
      lines: [{ sku: SKU, qty: 1, unitPrice: 4900, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE } }],
    };
    const placed = await eventually(
      async () => {
        const res = await apiClient(orders, WEB).post('/v1/orders', body, {
          'idempotency-key': `order-${externalRef}`,
        });
        return res.status === 201 && res.body.status !== 'pending' ? res.body : undefined;
      },
      30000,
      'orders to take the order',
    );
    return placed.id;
  }

  /** A web order for pickup, walked by the store's staff to the counter; the code as fulfilment announced it. */
  async function readyForPickup(externalRef: string): Promise<{ orderId: string; code: string; taskId: string }> {
    const orderId = await placePickupOrder(externalRef);
    const counter: ApiClient = staff();
    const task = await eventually(
      async () => (await counter.get(`/v1/orders/${orderId}/tasks`)).body.items?.[0],
      30000,
      'a pick task',
    );
    expect(
      (
        await counter.post(`/v1/tasks/${task.id}/pick`, {
          lines: [{ orderLineId: task.lines[0].orderLineId, pickedQty: 1 }],
        })
      ).status,
    ).toBe(200);
    expect((await counter.post(`/v1/tasks/${task.id}/pack`)).status).toBe(200);
    expect((await counter.post(`/v1/tasks/${task.id}/ready`)).status).toBe(200);
    await reader.waitFor(() => readyEvents(orderId).length > 0, 30000, 'ready-for-pickup');
    return { orderId, code: readyEvents(orderId)[0].data.pickupCode as string, taskId: task.id };
  }
});
