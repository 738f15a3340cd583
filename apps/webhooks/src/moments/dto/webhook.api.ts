import { api, type ApiWebhookSpec } from '@omni/platform';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookData,
  type WebhookEventType,
  type WebhookLine,
  type WebhookPayload,
} from '../moments.rules';

// The body of each webhook type, as the document's top-level `webhooks` publishes it: checked by the compiler
// against the types momentOf() builds, so the documented payload is the one sent.

const LINE = api.component(
  'WebhookLine',
  api.objectOf<WebhookLine>({ orderLineId: api.string(), sku: api.string(), qty: api.integer({ minimum: 1 }) }),
);

const ORDER_REFERENCE = {
  customerId: api.string({ description: 'The customer the order was placed for.' }),
  externalRef: api.nullable(
    api.string({ description: 'The channel’s own reference of the order, as given when it was placed.' }),
  ),
};

type Data<T extends WebhookEventType> = WebhookData<T>;
type Unfulfillable = Data<'order.lines-unfulfillable'>['lines'][number];
type Refunded = Data<'order.refund-decided'>['lines'][number];

const DATA: { [T in WebhookEventType]: api.Schema } = {
  'order.ready-for-pickup': api.objectOf<Data<'order.ready-for-pickup'>>({
    fulfilmentOrderId: api.string(),
    locationId: api.string({ description: 'The store where the customer collects.' }),
    lines: api.arrayOf(LINE, { minItems: 1 }),
    expiresAt: api.dateTime({
      description:
        'The end of the pickup window: uncollected lines are then cancelled (`order.cancelled`, reason `pickup-expired`).',
    }),
    pickupCode: api.nullable(
      api.string({
        pattern: '^[0-9]{6}$',
        description:
          'The code the customer shows at the counter (staff hand over with it). Sent only to the order’s own channel; a reissued code comes in a new `order.ready-for-pickup`.',
      }),
    ),
    ...ORDER_REFERENCE,
  }),
  'order.pickup-reminder': api.objectOf<Data<'order.pickup-reminder'>>({
    fulfilmentOrderId: api.string(),
    locationId: api.string(),
    expiresAt: api.dateTime(),
    ...ORDER_REFERENCE,
  }),
  'order.shipped': api.objectOf<Data<'order.shipped'>>({
    fulfilmentOrderId: api.string(),
    locationId: api.string({ description: 'Where it was shipped from.' }),
    lines: api.arrayOf(LINE, { minItems: 1 }),
    carrier: api.nullable(api.string()),
    trackingNumber: api.nullable(api.string()),
    ...ORDER_REFERENCE,
  }),
  'order.delivered': api.objectOf<Data<'order.delivered'>>({
    fulfilmentOrderId: api.string(),
    lines: api.arrayOf(LINE, { minItems: 1 }),
    deliveredAt: api.dateTime({ description: 'The carrier’s time of delivery (what a return window counts from).' }),
    ...ORDER_REFERENCE,
  }),
  'order.cancelled': api.objectOf<Data<'order.cancelled'>>({
    lineIds: api.arrayOf(api.string(), { minItems: 1, description: 'The lines cancelled.' }),
    reason: api.nullable(
      api.string({ description: 'The canceller’s reason; `pickup-expired` for a pickup not collected in time.' }),
    ),
    refused: api.arrayOf(
      api.objectOf<Data<'order.cancelled'>['refused'][number]>({
        orderLineId: api.string(),
        reason: api.string({ description: 'e.g. `picked_up`, `shipped`.' }),
      }),
      { description: 'Lines of the same request not cancelled: their goods had left. Start a return for them.' },
    ),
    ...ORDER_REFERENCE,
  }),
  'order.lines-unfulfillable': api.objectOf<Data<'order.lines-unfulfillable'>>({
    lines: api.arrayOf(
      api.objectOf<Unfulfillable>({
        orderLineId: api.string(),
        reason: api.string(),
        alternatives: api.arrayOf(
          api.objectOf<Unfulfillable['alternatives'][number]>({
            locationId: api.string(),
            name: api.string(),
            distanceKm: api.nullable(api.number({ minimum: 0 })),
          }),
          { description: 'Stores that could serve a pickup line instead.' },
        ),
      }),
      { minItems: 1 },
    ),
    ...ORDER_REFERENCE,
  }),
  'order.refund-decided': api.objectOf<Data<'order.refund-decided'>>({
    returnId: api.string(),
    lines: api.arrayOf(
      api.objectOf<Refunded>({
        orderLineId: api.string(),
        qty: api.integer({ minimum: 1 }),
        amountMinor: api.integer({ minimum: 0, description: 'Integer minor units of `currency`.' }),
        currency: api.string({ pattern: '^[A-Z]{3}$' }),
      }),
      { minItems: 1 },
    ),
    totalMinor: api.integer({ minimum: 0 }),
    currency: api.string({ pattern: '^[A-Z]{3}$' }),
    ...ORDER_REFERENCE,
  }),
};

const pascal = (type: string): string =>
  type
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

const payloadOf = <T extends WebhookEventType>(type: T): api.Schema =>
  api.component(
    `${pascal(type)}Webhook`,
    api.objectOf<WebhookPayload<T>>({
      id: api.uuid({
        description: 'The event’s id, the same on every attempt (and in `Omni-Event-Id`): deduplicate on it.',
      }),
      type: { type: 'string', const: type },
      occurredAt: api.dateTime({ description: 'When it happened: deliveries may arrive out of order.' }),
      orderId: api.string(),
      data: api.component(`${pascal(type)}Data`, DATA[type]),
    }),
  );

const ORDER_ID = '7d0c2b8e-3b4f-4a51-8f0e-6a1d2c3b4a59';
const FULFILMENT_ORDER_ID = '2c4e6a8b-0d1f-4a3c-9e5b-7f9a1c3e5d7b';
const LINES = [{ orderLineId: 'l-1', sku: 'SKU-0001', qty: 1 }];
const REFERENCE = { customerId: 'c-1042', externalRef: 'WEB-10042' };

const EXAMPLE_DATA: { [T in WebhookEventType]: WebhookData<T> } = {
  'order.ready-for-pickup': {
    fulfilmentOrderId: FULFILMENT_ORDER_ID,
    locationId: 's-001',
    lines: LINES,
    expiresAt: '2026-03-09T09:40:00.000Z',
    pickupCode: '042917',
    ...REFERENCE,
  },
  'order.pickup-reminder': {
    fulfilmentOrderId: FULFILMENT_ORDER_ID,
    locationId: 's-001',
    expiresAt: '2026-03-09T09:40:00.000Z',
    ...REFERENCE,
  },
  'order.shipped': {
    fulfilmentOrderId: FULFILMENT_ORDER_ID,
    locationId: 'dc-01',
    lines: LINES,
    carrier: 'ups',
    trackingNumber: '1Z999AA10123456784',
    ...REFERENCE,
  },
  'order.delivered': {
    fulfilmentOrderId: FULFILMENT_ORDER_ID,
    lines: LINES,
    deliveredAt: '2026-03-04T14:12:00.000Z',
    ...REFERENCE,
  },
  'order.cancelled': {
    lineIds: ['l-2'],
    reason: 'customer changed their mind',
    refused: [{ orderLineId: 'l-1', reason: 'picked_up' }],
    ...REFERENCE,
  },
  'order.lines-unfulfillable': {
    lines: [
      {
        orderLineId: 'l-1',
        reason: 'no-stock',
        alternatives: [{ locationId: 's-002', name: 'Lyon Part-Dieu', distanceKm: 3.2 }],
      },
    ],
    ...REFERENCE,
  },
  'order.refund-decided': {
    returnId: 'b3c5d7e9-1f2a-4b6c-8d0e-2f4a6b8c0d1e',
    lines: [{ orderLineId: 'l-1', qty: 1, amountMinor: 2999, currency: 'EUR' }],
    totalMinor: 2999,
    currency: 'EUR',
    ...REFERENCE,
  },
};

const exampleOf = <T extends WebhookEventType>(type: T): WebhookPayload<T> => ({
  id: '5b8e0f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  type,
  occurredAt: '2026-03-02T09:40:00.000Z',
  orderId: ORDER_ID,
  data: EXAMPLE_DATA[type],
});

const WHEN: { [T in WebhookEventType]: { summary: string; description: string } } = {
  'order.ready-for-pickup': {
    summary: 'Ready for pickup, with the code the customer shows at the counter',
    description:
      'From `fulfilment.ready-for-pickup`: staff marked the pickup ready. Sent again, with the new code, after `POST /v1/tasks/{id}/reissue-code`.',
  },
  'order.pickup-reminder': {
    summary: 'A waiting pickup will expire soon',
    description: 'From `fulfilment.pickup-reminder-due`, once per pickup.',
  },
  'order.shipped': {
    summary: 'Shipped, with carrier and tracking number',
    description: 'From `fulfilment.shipment-dispatched`.',
  },
  'order.delivered': { summary: 'Delivered by the carrier', description: 'From `fulfilment.shipment-delivered`.' },
  'order.cancelled': {
    summary: 'Lines of the order were cancelled',
    description:
      'From `fulfilment.cancel-decided` (placed lines; none is sent when every line was refused) and `orders.order-cancelled` (pending lines, and pickups not collected in time, reason `pickup-expired`).',
  },
  'order.lines-unfulfillable': {
    summary: 'No location can serve these lines',
    description: 'From `fulfilment.lines-unfulfillable`: sourcing has given up on them.',
  },
  'order.refund-decided': {
    summary: 'A refund was decided for a return',
    description: 'From `returns.refund-decided`.',
  },
};

const HEADERS: ApiWebhookSpec['headers'] = {
  'Omni-Signature': {
    description:
      '`t=<unix seconds>,v1=<hex>`: the HMAC-SHA256 of `<t>.<raw body>` keyed by the subscription’s secret. Verify it over the raw bytes before parsing them, and refuse an old `t` (README "Webhooks" has the code).',
    schema: api.string({ pattern: '^t=[0-9]+(,v1=[0-9a-f]{64})+$' }),
    example: 't=1772444400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  },
  'Omni-Event-Id': { description: 'The body’s `id`.', schema: api.uuid() },
  'Omni-Event-Type': { description: 'The body’s `type`.', schema: api.oneOfValues(WEBHOOK_EVENT_TYPES) },
  'Omni-Delivery-Id': {
    description: 'This subscription’s delivery of the event: its entry in the delivery log, to redeliver it.',
    schema: api.uuid(),
  },
};

const ANSWERS: ApiWebhookSpec['answers'] = {
  '2XX':
    'Received: the delivery is `delivered`. Answer within `WEBHOOK_TIMEOUT_MS` (10 s), before any slow work, and answer 2xx for an event `id` seen before too.',
  '4XX': 'Refused (`400` for a signature that does not verify): a failed attempt, retried like any other.',
  default:
    'Any other answer (a 5xx, a redirect, which is not followed) or none in time: retried after about 30 s, the delay doubling up to 1 h, for 24 h from the first attempt; then the delivery is `failed` until redelivered (`POST /v1/webhooks/deliveries/{id}/redeliver`).',
};

/** Every webhook type a subscription may ask for, as a POST to its URL: the document's `webhooks`. */
export const WEBHOOK_DELIVERIES: Record<WebhookEventType, ApiWebhookSpec> = Object.fromEntries(
  WEBHOOK_EVENT_TYPES.map((type) => [
    type,
    {
      ...WHEN[type],
      description: `${WHEN[type].description} Every delivery of a subscription is a POST of \`application/json\` to its URL, signed; a channel is sent only its own orders' moments.`,
      headers: HEADERS,
      payload: payloadOf(type),
      example: exampleOf(type),
      answers: ANSWERS,
    },
  ]),
) as Record<WebhookEventType, ApiWebhookSpec>;
