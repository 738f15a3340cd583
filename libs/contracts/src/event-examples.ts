import type { EventEnvelope } from './envelope';
import type { EventDefinition } from './event-definition';
import * as events from './events';
import { stockLevelKey } from './topics';

// One example of every declared event, each with its optional fields filled in: the AsyncAPI document shows
// them (the parser checks each against its message's schema) and asyncapi-schemas.spec.ts checks that
// class-validator and the JSON Schema both accept each, and agree on its hostile variants.

interface Example<T = unknown> {
  definition: EventDefinition<T>;
  /** The record's key, as the publisher keys it (see each events file). */
  key: string;
  data: T;
}

const example = <T>(definition: EventDefinition<T>, key: string, data: T): Example =>
  ({ definition, key, data }) as Example;

const AT = '2026-03-02T10:15:00.000Z';
const LATER = '2026-03-04T18:00:00.000Z';
const ORDER = '0b5e7c1e-3f0a-4d5b-9a51-6c2f8d1e4a10';
const HOLD = '9a7c2b4e-5d6f-4e8a-b1c3-d2e4f6a8b0c2';
const RETURN = 'c4e6a8b0-d2f4-4a6c-8e0a-b2d4f6a8c0e2';
const STORE = 's-001';
const DC = 'dc-01';
const ADDRESS = {
  line1: '2 Low Rd',
  line2: 'Flat 1',
  city: 'York',
  region: 'North Yorkshire',
  postalCode: 'YO1 7HH',
  country: 'GB',
};
const PRINCIPAL = 'channel/web//channel%3Aweb';
const HELD = [{ lineNo: 1, sku: 'SKU-0001', locationId: STORE, qty: 2 }];
const FULFILLED = [{ orderLineId: 'ol-1', sku: 'SKU-0001', qty: 2 }];
const ALLOCATED = [{ orderLineId: 'ol-1', sku: 'SKU-0001', locationId: STORE, qty: 2 }];
const UNFULFILLABLE = [
  {
    orderLineId: 'ol-2',
    reason: 'no-stock',
    alternatives: [{ locationId: 's-002', name: 'Leeds Briggate', distanceKm: 38.5 }],
  },
];
const LOCATION = {
  id: STORE,
  type: 'store' as const,
  name: 'York Coppergate',
  address: ADDRESS,
  lat: 53.9576,
  lng: -1.0815,
  timezone: 'Europe/London',
  capabilities: ['sells_in_store' as const, 'bopis' as const, 'accepts_returns' as const],
  active: true,
  updatedAt: AT,
};
const LEVEL = {
  sku: 'SKU-0001',
  locationId: STORE,
  onHand: 12,
  reserved: 2,
  safetyStock: 1,
  damaged: 0,
  sellable: 9,
  asOf: AT,
};
const HOLD_STATE = {
  holdId: HOLD,
  channel: 'web' as const,
  principal: PRINCIPAL,
  status: 'active' as const,
  lines: HELD,
  expiresAt: LATER,
  updatedAt: AT,
};
const GOODS_LEFT = {
  orderId: ORDER,
  fulfilmentOrderId: 'fo-1',
  locationId: STORE,
  lines: FULFILLED,
  carrier: 'dpd',
  trackingNumber: '15501234567890',
};
const FULFILMENT_LINES = { orderId: ORDER, fulfilmentOrderId: 'fo-1', lines: FULFILLED };

export const EVENT_EXAMPLES: readonly Example[] = [
  example(events.LocationChanged, STORE, LOCATION),
  example(events.StockLevelChanged, 'SKU-0001', LEVEL),
  example(events.DiscrepancyDetected, 'SKU-0001', {
    sku: 'SKU-0001',
    locationId: STORE,
    onHand: 1,
    reserved: 3,
    damaged: 0,
    shortBy: 2,
    movementId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    movementType: 'sale',
    allocations: [{ orderId: ORDER, orderLineId: 'ol-1', qty: 2 }],
    holds: [{ holdId: HOLD, qty: 1 }],
  }),
  example(events.StockHeld, HOLD, {
    holdId: HOLD,
    channel: 'web',
    principal: PRINCIPAL,
    lines: HELD,
    expiresAt: LATER,
  }),
  example(events.HoldExtended, HOLD, { holdId: HOLD, expiresAt: LATER }),
  example(events.HoldReleased, HOLD, { holdId: HOLD, channel: 'web', lines: HELD }),
  example(events.HoldExpired, HOLD, { holdId: HOLD, channel: 'web', lines: HELD }),
  example(events.Allocated, ORDER, { orderId: ORDER, requestId: 'rq-1', holdId: HOLD, lines: ALLOCATED }),
  example(events.AllocationRejected, ORDER, {
    orderId: ORDER,
    requestId: 'rq-1',
    reason: 'insufficient-stock',
    lines: [{ orderLineId: 'ol-1', sku: 'SKU-0001', locationId: STORE, requested: 2, available: 1, shortfall: 1 }],
  }),
  example(events.AllocationReleased, ORDER, { orderId: ORDER, reason: 'order-cancelled', lines: ALLOCATED }),
  example(events.AllocationConsumed, ORDER, {
    orderId: ORDER,
    fulfilmentOrderId: 'fo-1',
    locationId: STORE,
    lines: ALLOCATED,
  }),
  example(events.ChannelRulesChanged, 'web', {
    channel: 'web',
    sources: [{ type: 'store', capability: 'ship_from_store' }, { type: 'dc' }],
    includeLocationIds: [DC],
    excludeLocationIds: ['s-009'],
    ownLocations: false,
    safetyBuffer: 1,
    updatedAt: AT,
  }),
  example(events.LocationSnapshot, STORE, LOCATION),
  example(events.StockLevelSnapshot, stockLevelKey('SKU-0001', STORE), LEVEL),
  example(events.HoldSnapshot, HOLD, HOLD_STATE),
  example(events.OrderPlaced, ORDER, {
    orderId: ORDER,
    channel: 'web',
    customer: { id: 'cust-42', email: 'ada@example.com', phone: '+44 1904 000000' },
    lines: [
      {
        orderLineId: 'ol-1',
        lineNo: 1,
        sku: 'SKU-0001',
        qty: 2,
        unitPriceMinor: 1999,
        currency: 'GBP',
        delivery: { type: 'pickup', locationId: STORE },
      },
      {
        orderLineId: 'ol-2',
        lineNo: 2,
        sku: 'SKU-0002',
        qty: 1,
        unitPriceMinor: 4500,
        currency: 'GBP',
        delivery: { type: 'ship', address: ADDRESS },
      },
    ],
    holdId: HOLD,
    assistedBy: { staffId: 'staff-7', locationId: STORE },
    externalRef: 'WEB-100042',
    placedAt: AT,
  }),
  example(events.OrderCancelled, ORDER, { orderId: ORDER, lineIds: ['ol-1'], reason: 'pickup-expired' }),
  example(events.CancelRequested, ORDER, { orderId: ORDER, lineIds: ['ol-1', 'ol-2'], reason: 'changed my mind' }),
  example(events.AllocationRequested, ORDER, {
    orderId: ORDER,
    requestId: 'rq-1',
    lines: [{ orderLineId: 'ol-1', sku: 'SKU-0001', qty: 2, locationId: STORE }],
    holdId: HOLD,
  }),
  example(events.ShipmentDispatched, ORDER, GOODS_LEFT),
  example(events.PickupHandedOver, ORDER, GOODS_LEFT),
  example(events.FulfilmentOrderCreated, ORDER, {
    orderId: ORDER,
    fulfilmentOrderId: 'fo-1',
    locationId: STORE,
    lines: FULFILLED,
  }),
  example(events.LinesUnfulfillable, ORDER, { orderId: ORDER, lines: UNFULFILLABLE }),
  example(events.CancelDecided, ORDER, {
    orderId: ORDER,
    cancelled: ['ol-2'],
    refused: [{ orderLineId: 'ol-1', reason: 'goods-left' }],
    reason: 'changed my mind',
  }),
  example(events.ReadyForPickup, ORDER, {
    orderId: ORDER,
    fulfilmentOrderId: 'fo-1',
    locationId: STORE,
    lines: FULFILLED,
    expiresAt: LATER,
    pickupCode: '482913',
  }),
  example(events.ShipmentDelivered, ORDER, { ...FULFILMENT_LINES, deliveredAt: AT }),
  example(events.PickupExpired, ORDER, FULFILMENT_LINES),
  example(events.PickupReminderDue, ORDER, {
    orderId: ORDER,
    fulfilmentOrderId: 'fo-1',
    locationId: STORE,
    expiresAt: LATER,
  }),
  example(events.SourcingDecided, ORDER, {
    orderId: ORDER,
    decisionId: 'dc0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
    trigger: 'order-placed',
    requestId: 'rq-1',
    assigned: [{ orderLineId: 'ol-1', sku: 'SKU-0001', qty: 2, locationId: STORE }],
    unfulfillable: UNFULFILLABLE,
  }),
  example(events.ShortPicked, ORDER, {
    orderId: ORDER,
    fulfilmentOrderId: 'fo-1',
    locationId: STORE,
    lines: [{ orderLineId: 'ol-1', sku: 'SKU-0001', qty: 2, pickedQty: 1, shortQty: 1 }],
  }),
  example(events.FulfilmentOrderRejected, ORDER, {
    orderId: ORDER,
    fulfilmentOrderId: 'fo-1',
    locationId: STORE,
    reason: 'damaged',
    lines: FULFILLED,
  }),
  example(events.TaskProgressed, ORDER, {
    orderId: ORDER,
    fulfilmentOrderId: 'fo-1',
    taskId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
    locationId: STORE,
    step: 'picked',
  }),
  example(events.ReturnAuthorised, RETURN, {
    returnId: RETURN,
    orderId: ORDER,
    channel: 'web',
    returnTo: { method: 'in-store', locationId: STORE },
    lines: [{ orderLineId: 'ol-1', sku: 'SKU-0001', qty: 1, reason: 'too small' }],
    authorisedAt: AT,
  }),
  example(events.ReturnCancelled, RETURN, { returnId: RETURN, orderId: ORDER, reason: 'kept it' }),
  example(events.ItemsReceived, RETURN, {
    returnId: RETURN,
    orderId: ORDER,
    locationId: STORE,
    lines: [{ orderLineId: 'ol-1', qty: 1, sku: 'SKU-0001' }],
  }),
  example(events.LineInspected, RETURN, {
    returnId: RETURN,
    orderId: ORDER,
    orderLineId: 'ol-1',
    sku: 'SKU-0001',
    locationId: STORE,
    qty: 1,
    disposition: 'transfer',
    toLocationId: DC,
  }),
  example(events.ItemRestocked, RETURN, {
    returnId: RETURN,
    sku: 'SKU-0001',
    locationId: STORE,
    qty: 1,
    disposition: 'restock',
    orderId: ORDER,
    orderLineId: 'ol-1',
  }),
  example(events.ItemSentToVendor, RETURN, {
    returnId: RETURN,
    sku: 'SKU-0001',
    locationId: STORE,
    qty: 1,
    orderId: ORDER,
    orderLineId: 'ol-1',
  }),
  example(events.ItemTransferred, RETURN, {
    returnId: RETURN,
    sku: 'SKU-0001',
    fromLocationId: STORE,
    toLocationId: DC,
    qty: 1,
    orderId: ORDER,
    orderLineId: 'ol-1',
  }),
  example(events.RefundDecided, RETURN, {
    returnId: RETURN,
    orderId: ORDER,
    lines: [{ orderLineId: 'ol-1', qty: 1, amountMinor: 1999, currency: 'GBP' }],
    totalMinor: 1999,
    currency: 'GBP',
  }),
];

/** The example of one event type and version. */
export function exampleOf(definition: EventDefinition): Example | undefined {
  return EVENT_EXAMPLES.find((e) => e.definition === definition);
}

/** The example as it travels: in its envelope, as a web order's HTTP request caused it. */
export function exampleEnvelope({ definition, key, data }: Example): EventEnvelope {
  return {
    id: '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
    type: definition.type,
    version: definition.version,
    occurredAt: AT,
    source: definition.source,
    key,
    correlationId: 'req-5b7d9f1a',
    causationId: null,
    actor: { channel: 'web', principal: PRINCIPAL },
    data,
  };
}
