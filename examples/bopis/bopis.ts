// Click and collect (BOPIS) as a web shop's backend writes it against omni, from the docs alone: subscribe a
// webhook receiver to order.ready-for-pickup, check the store has the item, hold it, place a pickup order carrying
// the hold, then wait for the signed webhook that brings the pickup code, and give it to the customer (printed here).
// The store's side (pick, pack, ready, hand over with the code) is its staff's, on their own devices.
//
//   OMNI_TOKEN=$(npm run -s token -- --role channel --channel web) STORE=s-001 SKU=SKU-0001 npm run -s example -- bopis
//
// Only @omni/client and Node's own modules: what a shop's backend would have.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { EventEmitter, on } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOmniClient, type WebhookPayload, type WebhookType } from '@omni/client';

const setting = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value !== undefined) return value;
  console.error(`${name} is not set (examples/bopis/README.md lists the settings)`);
  process.exit(2);
};

const CHANNEL = 'web';
const STORE = setting('STORE');
const SKU = setting('SKU');
const QTY = 1;
const WAIT_MS = Number(setting('WAIT_SECONDS', '600')) * 1000;

const omni = createOmniClient({
  baseUrls: {
    inventory: setting('OMNI_INVENTORY_URL', 'http://127.0.0.1:3001'),
    orders: setting('OMNI_ORDERS_URL', 'http://127.0.0.1:3002'),
    webhooks: setting('OMNI_WEBHOOKS_URL', 'http://127.0.0.1:3005'),
  },
  token: setting('OMNI_TOKEN'),
});

/** The answer's data; a refusal becomes an error naming the problem omni answered with. */
function ok<T>(what: string, { data, error, response }: { data?: T; error?: unknown; response: Response }): T {
  if (data === undefined) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

/** README "Webhooks": the HMAC-SHA256 of `<t>.<raw body>` with the subscription's secret, and a recent `t`. */
function verifyOmniSignature(
  header: string | string[] | undefined,
  rawBody: string,
  secret: string,
  toleranceSeconds = 300,
): boolean {
  const pairs = String(header)
    .split(',')
    .map((part) => part.trim().split('='));
  const t = Number(pairs.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return pairs.some(
    ([key, value]) =>
      key === 'v1' && /^[0-9a-f]{64}$/.test(value) && timingSafeEqual(Buffer.from(value, 'hex'), expected),
  );
}

const rawBodyOf = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req
      .on('data', (chunk: Buffer) => chunks.push(chunk))
      .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      .on('error', reject);
  });

/**
 * The shop's webhook endpoint: each delivery's signature is checked over the raw body (400 if it does not verify),
 * acknowledged at once, and handed on once per event id (deliveries are at least once).
 */
async function startWebhookReceiver() {
  let secret = '';
  const received: WebhookPayload[] = [];
  const arrivals = new EventEmitter();
  const server = createServer(async (req, res) => {
    const rawBody = await rawBodyOf(req).catch(() => '');
    if (!secret || !verifyOmniSignature(req.headers['omni-signature'], rawBody, secret)) {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200).end();
    const event = JSON.parse(rawBody) as WebhookPayload;
    if (received.some((e) => e.id === event.id)) return;
    received.push(event);
    arrivals.emit('webhook', event);
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(setting('RECEIVER_PORT', '0')), setting('RECEIVER_HOST', '127.0.0.1'), resolve),
  );
  const { address, port } = server.address() as AddressInfo;
  return {
    url: setting('RECEIVER_URL', `http://${address}:${port}/hooks/omni`),
    /** The subscription's signing secret, shown once when subscribing. */
    trust(signingSecret: string) {
      secret = signingSecret;
    },
    /** The first webhook of `type` about `orderId`, once it has come. */
    async next<T extends WebhookType>(type: T, orderId: string): Promise<WebhookPayload<T>> {
      const matches = (e: WebhookPayload): e is WebhookPayload<T> => e.type === type && e.orderId === orderId;
      const early = received.find(matches);
      if (early) return early;
      try {
        for await (const [event] of on(arrivals, 'webhook', { signal: AbortSignal.timeout(WAIT_MS) }))
          if (matches(event)) return event;
      } catch {
        // the wait timed out
      }
      throw new Error(`no ${type} webhook for order ${orderId} within ${WAIT_MS / 1000} s`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  // 1. A shop subscribes once, when it is deployed; this one-shot program subscribes for its run and unsubscribes at the end.
  const receiver = await startWebhookReceiver();
  const subscription = ok(
    'subscribe',
    await omni.webhooks.POST('/v1/webhooks/subscriptions', {
      params: { header: { 'Idempotency-Key': `bopis-example-${randomUUID()}` } },
      body: { url: receiver.url, eventTypes: ['order.ready-for-pickup'], description: 'BOPIS example: pickup codes' },
    }),
  );
  receiver.trust(subscription.secret);
  console.log(`subscribed ${receiver.url} to order.ready-for-pickup (subscription ${subscription.id})`);
  try {
    // 2. Is it on the store's shelf for this channel?
    const availability = ok(
      'availability',
      await omni.inventory.GET('/v1/availability/{sku}', {
        params: { path: { sku: SKU }, query: { channel: CHANNEL } },
      }),
    );
    const atStore = availability.locations.find((l) => l.locationId === STORE)?.available ?? 0;
    console.log(`${SKU} at ${STORE}: ${atStore} available for ${CHANNEL}`);
    if (atStore < QTY) throw new Error(`${SKU} cannot be collected at ${STORE} now`);

    // 3. Hold it for the cart, then 4. order it for pickup with the hold (one Idempotency-Key per cart: a retry is safe).
    const cart = randomUUID();
    const hold = ok(
      'hold',
      await omni.inventory.POST('/v1/holds', {
        params: { header: { 'Idempotency-Key': `hold-${cart}` } },
        body: { channel: CHANNEL, lines: [{ sku: SKU, qty: QTY, locationId: STORE }] },
      }),
    );
    console.log(`held ${QTY} x ${SKU} at ${STORE} until ${hold.expiresAt} (hold ${hold.id})`);
    const order = ok(
      'place order',
      await omni.orders.POST('/v1/orders', {
        params: { header: { 'Idempotency-Key': `order-${cart}` } },
        body: {
          channel: CHANNEL,
          externalRef: `WEB-${cart.slice(0, 8)}`,
          customer: { id: setting('CUSTOMER_ID', 'c-1042'), email: setting('CUSTOMER_EMAIL', 'ada@example.com') },
          holdId: hold.id,
          lines: [
            { sku: SKU, qty: QTY, unitPrice: 2999, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE } },
          ],
        },
      }),
    );
    // `pending` is an answer too: orders places it as soon as it has heard of the hold, or rejects it (within 120 s).
    let placed = order;
    while (placed.status === 'pending') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      placed = ok('read order', await omni.orders.GET('/v1/orders/{id}', { params: { path: { id: order.id } } }));
    }
    if (placed.status === 'rejected')
      throw new Error(`order ${order.id} was rejected: ${placed.lines.map((l) => l.statusReason).join(', ')}`);
    console.log(`order ${order.id} ${placed.status}; waiting for ${STORE} to get it ready`);

    // 5. The store picks, packs and marks it ready: omni POSTs order.ready-for-pickup, signed, with the code.
    const ready = await receiver.next('order.ready-for-pickup', order.id);
    console.log(
      `pickup code for order ${order.id}: ${ready.data.pickupCode} (collect at ${ready.data.locationId} by ${ready.data.expiresAt})`,
    );
  } finally {
    const { response } = await omni.webhooks.DELETE('/v1/webhooks/subscriptions/{id}', {
      params: { path: { id: subscription.id } },
    });
    if (!response.ok) console.error(`could not unsubscribe ${subscription.id}: ${response.status}`);
    await receiver.close();
  }
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  console.error(`${error instanceof Error ? error.message : String(error)}${cause}`);
  process.exit(1); // the receiver may still be listening
});
