// The delivery worker on its own, fed fixture events as orders and fulfilment would publish them: two replicas
// sharing one schema and group send each delivery once; an event read before its order waits for the order;
// a receiver that keeps failing is given up on after the (shrunk) window, and can be redelivered by hand.
import { createServer } from 'node:net';
import { OrderPlaced, ReadyForPickup, type OrderPlacedV1, type ReadyForPickupV1 } from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  EventFixtures,
  startServices,
  startTestService,
  uniqueSuffix,
  waitForGroup,
  WebhookReceiver,
  type RunningService,
} from '@omni/testing';
import { webhooksService } from '../src/webhooks.service-definition';

const ENV = {
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_GIVE_UP_AFTER_MS: '1500',
  WEBHOOK_CONCURRENCY: '4',
};

interface Delivery {
  id: string;
  eventId: string;
  status: string;
  attemptCount: number;
  attempts: Array<{ trigger: string; statusCode: number | null; error: string | null; attemptedAt: string }>;
}

describe('the delivery worker', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  let first: RunningService;
  let second: RunningService;
  let receiver: WebhookReceiver;
  let fixtures: EventFixtures;

  const admin = () => apiClient(first, ADMIN);
  const subscribe = async (url: string): Promise<string> => {
    const res = await admin().post('/v1/webhooks/subscriptions', {
      channel: 'web',
      url,
      eventTypes: ['order.ready-for-pickup'],
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const log = async (subscriptionId: string): Promise<Delivery[]> =>
    (await admin().get(`/v1/webhooks/subscriptions/${subscriptionId}/deliveries?limit=200`)).body.items;

  const placed = (orderId: string): OrderPlacedV1 => ({
    orderId,
    channel: 'web',
    customer: { id: `c-${orderId}` },
    lines: [
      {
        orderLineId: `${orderId}-l1`,
        lineNo: 1,
        sku: 'SKU-1',
        qty: 1,
        unitPriceMinor: 1000,
        currency: 'EUR',
        delivery: { type: 'pickup', locationId: 's-1' },
      },
    ],
    placedAt: new Date().toISOString(),
  });
  const ready = (orderId: string): ReadyForPickupV1 => ({
    orderId,
    fulfilmentOrderId: `fo-${orderId}`,
    locationId: 's-1',
    lines: [{ orderLineId: `${orderId}-l1`, sku: 'SKU-1', qty: 1 }],
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    pickupCode: '123456',
  });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    [first] = await startServices(prefix, [{ definition: webhooksService, env: ENV }]);
    // A second replica: the same schema and consumer group, a worker of its own.
    second = await startTestService(webhooksService, {
      topicPrefix: prefix,
      env: { ...ENV, DATABASE_SCHEMA: first.schema, KAFKA_GROUP_ID: first.config.KAFKA_GROUP_ID as string },
    });
    fixtures = new EventFixtures(prefix);
  });

  afterAll(async () => {
    await fixtures?.close();
    await second?.stop({ dropSchema: false });
    await first?.stop();
    await receiver?.close();
  });

  it('sends each delivery once with two replicas claiming side by side', async () => {
    const subscription = await subscribe(receiver.url('/many'));
    const orders = Array.from({ length: 24 }, (_, i) => `rep-${run}-${i}`);
    for (const orderId of orders) await fixtures.publish(OrderPlaced, orderId, placed(orderId));
    const events = await Promise.all(
      orders.map((orderId) => fixtures.publish(ReadyForPickup, orderId, ready(orderId))),
    );

    await eventually(
      async () => (await log(subscription)).filter((d) => d.status === 'delivered').length === events.length,
      30000,
      'every delivery',
    );
    await waitForGroup(first.config.KAFKA_GROUP_ID as string);
    const ids = receiver.at('/many').map((r) => r.json?.id);
    expect(ids.sort()).toEqual(events.map((e) => e.id).sort());
    expect((await log(subscription)).map((d) => d.attemptCount)).toEqual(events.map(() => 1));
  });

  it("keeps an event read before its order's placement until the order is known, then delivers it to the order's channel", async () => {
    const subscription = await subscribe(receiver.url('/early'));
    const orderId = `early-${run}`;
    const event = await fixtures.publish(ReadyForPickup, orderId, ready(orderId));
    await eventually(
      async () => (await first.sql(`SELECT 1 FROM parked_events WHERE event_id = $1`, [event.id])).length === 1,
      30000,
      'the event to be parked',
    );
    expect(receiver.at('/early')).toEqual([]);

    await fixtures.publish(OrderPlaced, orderId, placed(orderId));
    const hook = await eventually(
      async () => receiver.at('/early').find((r) => r.json?.id === event.id),
      30000,
      'the parked event to be delivered',
    );
    expect(hook.json).toMatchObject({
      type: 'order.ready-for-pickup',
      orderId,
      data: { pickupCode: '123456', customerId: `c-${orderId}` },
    });
    expect(await first.sql(`SELECT 1 FROM parked_events WHERE order_id = $1`, [orderId])).toEqual([]);
    expect((await log(subscription)).map((d) => d.eventId)).toEqual([event.id]);
  });

  it('gives up on a receiver that keeps failing once the window is over, and sends again when redelivered', async () => {
    receiver.answer('/down', ...Array.from({ length: 100 }, () => 503));
    const subscription = await subscribe(receiver.url('/down'));
    const orderId = `down-${run}`;
    await fixtures.publish(OrderPlaced, orderId, placed(orderId));
    const event = await fixtures.publish(ReadyForPickup, orderId, ready(orderId));

    const failed = await eventually(
      async () => (await log(subscription)).find((d) => d.status === 'failed'),
      30000,
      'the delivery to be given up',
    );
    expect(failed.attempts.length).toBeGreaterThanOrEqual(3);
    expect(failed.attempts.every((a) => a.statusCode === 503)).toBe(true);
    expect(failed.attempts.map((a) => a.trigger)).toEqual(['event', ...failed.attempts.slice(1).map(() => 'retry')]);
    const window =
      Date.parse(failed.attempts[failed.attempts.length - 1].attemptedAt) - Date.parse(failed.attempts[0].attemptedAt);
    expect(window).toBeLessThanOrEqual(1500);

    receiver.reset('/down');
    expect((await admin().post(`/v1/webhooks/deliveries/${failed.id}/redeliver`)).status).toBe(202);
    const redelivered = await eventually(
      async () => (await log(subscription)).find((d) => d.id === failed.id && d.status === 'delivered'),
      30000,
      'the redelivery',
    );
    expect(redelivered.attempts[redelivered.attempts.length - 1]).toMatchObject({
      trigger: 'redelivery',
      statusCode: 200,
    });
    expect(receiver.at('/down').filter((r) => r.json?.id === event.id).length).toBe(failed.attempts.length + 1);
  });

  it('logs why an attempt got no answer', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const subscription = await subscribe(`http://127.0.0.1:${closed}/nobody`);
    const orderId = `refused-${run}`;
    await fixtures.publish(OrderPlaced, orderId, placed(orderId));
    await fixtures.publish(ReadyForPickup, orderId, ready(orderId));
    const [delivery] = await eventually(
      async () => {
        const items = await log(subscription);
        return items.length && items[0].attempts.length ? items : undefined;
      },
      30000,
      'an attempt',
    );
    expect(delivery.attempts[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
