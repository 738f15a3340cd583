import { CHANNELS, DELIVERY_TYPES, type Actor, type AddressV1 } from '@omni/contracts';
import { api } from '@omni/platform';
import { LINE_STATUSES, ORDER_STATUSES, type Cancellation } from '../../status/status.rules';
import type { PickupCodeView } from '../../pickup-codes/pickup-codes.rules';
import type { LineView, Money, OrderSummary, OrderView, ReturnView, TimelineView } from '../order-view';

const CANCELLATIONS = api.everyValue<Cancellation>()(['requested', 'refused']);

const MONEY = api.component(
  'Money',
  api.objectOf<Money>({
    currency: api.string({ pattern: '^[A-Z]{3}$' }),
    amountMinor: api.integer({ description: 'Integer minor units (cents for EUR).' }),
  }),
);

const ADDRESS = api.component(
  'Address',
  api.objectOf<AddressV1>({
    line1: api.string(),
    line2: api.optional(api.string()),
    city: api.string(),
    region: api.optional(api.string()),
    postalCode: api.string(),
    country: api.string({ description: 'ISO 3166-1 alpha-2.' }),
  }),
);

const ACTOR = api.component(
  'Actor',
  api.objectOf<Actor>({
    channel: api.optional(api.oneOfValues(CHANNELS)),
    locationId: api.optional(api.string()),
    principal: api.optional(api.string()),
  }),
);

const LINE_VIEW = api.component(
  'OrderLine',
  api.objectOf<LineView>({
    id: api.string(),
    lineNo: api.integer({ minimum: 1 }),
    sku: api.string(),
    qty: api.integer({ minimum: 1 }),
    unitPrice: api.integer({ minimum: 0, description: 'Integer minor units of `currency`.' }),
    currency: api.string(),
    delivery: api.objectOf<LineView['delivery']>({
      type: api.oneOfValues(DELIVERY_TYPES),
      address: api.optional(ADDRESS),
      locationId: api.optional(api.string()),
    }),
    status: api.oneOfValues(LINE_STATUSES, {
      description:
        'README "Order line states": which event moves a line to which status, and what a cancel does in each.',
    }),
    statusReason: api.nullable(api.string()),
    cancellation: api.nullable(
      api.objectOf<NonNullable<LineView['cancellation']>>(
        { status: api.oneOfValues(CANCELLATIONS), reason: api.nullable(api.string()) },
        {
          description: 'A cancel fulfilment is deciding (`requested`) or turned down (`refused`: the goods had left).',
        },
      ),
    ),
    fulfilment: api.nullable(
      api.objectOf<NonNullable<LineView['fulfilment']>>({
        fulfilmentOrderId: api.string(),
        locationId: api.nullable(api.string()),
      }),
    ),
    returnedQty: api.integer({ minimum: 0 }),
    refundedQty: api.integer({ minimum: 0 }),
  }),
);

const TIMELINE_VIEW = api.component(
  'TimelineEntry',
  api.objectOf<TimelineView>({
    eventId: api.string(),
    eventType: api.string({ description: 'The event that made the step, e.g. `fulfilment.ready-for-pickup`.' }),
    step: api.string(),
    lineIds: api.arrayOf(api.string()),
    locationId: api.nullable(api.string()),
    actor: ACTOR,
    occurredAt: api.dateTime(),
    detail: api.anyObject({ description: "The event's facts for this step." }),
  }),
);

type ReturnLineView = ReturnView['lines'][number];

const RETURN_VIEW = api.component(
  'OrderReturn',
  api.objectOf<ReturnView>({
    returnId: api.string(),
    locationId: api.nullable(api.string()),
    lines: api.arrayOf(
      api.objectOf<ReturnLineView>({
        orderLineId: api.string(),
        receivedQty: api.integer({ minimum: 0 }),
        refundedQty: api.integer({ minimum: 0 }),
        refunded: api.nullable(MONEY),
      }),
    ),
  }),
);

export const ORDER_SUMMARY = api.component(
  'OrderSummary',
  api.objectOf<OrderSummary>({
    id: api.string(),
    channel: api.oneOfValues(CHANNELS),
    status: api.oneOfValues(ORDER_STATUSES),
    customerId: api.string(),
    externalRef: api.nullable(api.string()),
    placedAt: api.dateTime(),
    updatedAt: api.dateTime(),
    lineCount: api.integer({ minimum: 1 }),
    totals: api.arrayOf(MONEY, { description: 'One total per currency.' }),
  }),
);

export const ORDER_PAGE = api.component('OrderPage', api.pageOf(ORDER_SUMMARY));

export const PLACE_ORDER_EXAMPLE = {
  channel: 'web',
  customer: { id: 'c-1042', email: 'ada@example.com' },
  holdId: '0b6f1c52-2f0e-4d8a-9a39-5d1f0c7e4a11',
  lines: [
    { sku: 'SKU-0001', qty: 1, unitPrice: 2999, currency: 'EUR', delivery: { type: 'pickup', locationId: 's-001' } },
    {
      sku: 'SKU-0002',
      qty: 2,
      unitPrice: 1250,
      currency: 'EUR',
      delivery: {
        type: 'ship',
        address: { line1: '3 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
      },
    },
  ],
};

export const ORDER_EXAMPLE = {
  id: '7d0c2b8e-3b4f-4a51-8f0e-6a1d2c3b4a59',
  channel: 'web',
  status: 'placed',
  externalRef: null,
  placedAt: '2026-03-02T09:01:00.000Z',
  updatedAt: '2026-03-02T09:01:00.000Z',
  totals: [{ currency: 'EUR', amountMinor: 5499 }],
  customer: { id: 'c-1042', email: 'ada@example.com' },
  holdId: '0b6f1c52-2f0e-4d8a-9a39-5d1f0c7e4a11',
  assistedBy: null,
  locationIds: ['s-001'],
  lines: [
    {
      id: 'l-1',
      lineNo: 1,
      sku: 'SKU-0001',
      qty: 1,
      unitPrice: 2999,
      currency: 'EUR',
      delivery: { type: 'pickup', locationId: 's-001' },
      status: 'placed',
      statusReason: null,
      cancellation: null,
      fulfilment: null,
      returnedQty: 0,
      refundedQty: 0,
    },
  ],
  timeline: [
    {
      eventId: '5b8e0f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      eventType: 'orders.order-placed',
      step: 'placed',
      lineIds: ['l-1'],
      locationId: null,
      actor: { channel: 'web', principal: 'channel:web' },
      occurredAt: '2026-03-02T09:01:00.000Z',
      detail: {},
    },
  ],
  returns: [],
};

const PICKUP_CODE = api.component(
  'PickupCode',
  api.objectOf<PickupCodeView>({
    fulfilmentOrderId: api.string(),
    locationId: api.string(),
    code: api.string({ pattern: '^[0-9]{6}$', description: 'The code the customer shows at the counter.' }),
    expiresAt: api.dateTime(),
    lineIds: api.arrayOf(api.string(), { description: 'The lines waiting at that counter under this code.' }),
  }),
);

export const ORDER_VIEW = api.component(
  'Order',
  api.objectOf<OrderView & { pickups?: PickupCodeView[] }>({
    id: api.string(),
    channel: api.oneOfValues(CHANNELS),
    status: api.oneOfValues(ORDER_STATUSES),
    externalRef: api.nullable(api.string()),
    placedAt: api.dateTime(),
    updatedAt: api.dateTime(),
    totals: api.arrayOf(MONEY, { description: 'One total per currency.' }),
    customer: api.objectOf<OrderView['customer']>({
      id: api.string(),
      email: api.optional(api.string()),
      phone: api.optional(api.string()),
    }),
    holdId: api.nullable(api.string()),
    assistedBy: api.nullable(
      api.objectOf<NonNullable<OrderView['assistedBy']>>({ staffId: api.string(), locationId: api.string() }),
    ),
    locationIds: api.arrayOf(api.string(), {
      description: 'Every location involved: pickup, fulfilment, assisting or selling.',
    }),
    lines: api.arrayOf(LINE_VIEW),
    timeline: api.arrayOf(TIMELINE_VIEW),
    returns: api.arrayOf(RETURN_VIEW),
    pickups: api.optional(
      api.arrayOf(PICKUP_CODE, {
        description: "The codes of the order's open pickups: only ever to a channel client of the order's own channel.",
      }),
    ),
  }),
);
