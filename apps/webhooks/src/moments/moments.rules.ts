// The customer's moments a channel's backend hears of, and the webhook each event makes: pure, no Nest, no I/O.
import {
  CancelDecided,
  LinesUnfulfillable,
  OrderCancelled,
  PickupReminderDue,
  ReadyForPickup,
  RefundDecided,
  ShipmentDelivered,
  ShipmentDispatched,
  type CancelDecidedV1,
  type EventEnvelope,
  type FulfilledLineV1,
  type GoodsLeftV1,
  type LinesUnfulfillableV1,
  type OrderCancelledV1,
  type PickupReminderDueV1,
  type ReadyForPickupV1,
  type RefundDecidedV1,
  type ShipmentDeliveredV1,
} from '@omni/contracts';

/** The webhook types a subscription may ask for: the integrator's vocabulary, not the event log's. */
export const WEBHOOK_EVENT_TYPES = [
  'order.ready-for-pickup',
  'order.pickup-reminder',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'order.lines-unfulfillable',
  'order.refund-decided',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What webhooks knows of an order, from orders.order-placed: whose it is, and what the channel's backend calls it. */
export interface KnownOrderFacts {
  orderId: string;
  channel: string;
  customerId: string;
  externalRef: string | null;
  lineIds: readonly string[];
}

/** An order line a webhook names, as the customer ordered it. */
export interface WebhookLine {
  orderLineId: string;
  sku: string;
  qty: number;
}

/**
 * Each webhook type's `data` (before the order's `customerId` and `externalRef`, which every one carries): the
 * webhook payloads' schemas (dto/webhook.api.ts) are checked against these by the compiler.
 */
export interface MomentData {
  'order.ready-for-pickup': {
    fulfilmentOrderId: string;
    locationId: string;
    lines: WebhookLine[];
    expiresAt: string;
    /** Null only for an event published before codes were announced. */
    pickupCode: string | null;
  };
  'order.pickup-reminder': { fulfilmentOrderId: string; locationId: string; expiresAt: string };
  'order.shipped': {
    fulfilmentOrderId: string;
    locationId: string;
    lines: WebhookLine[];
    carrier: string | null;
    trackingNumber: string | null;
  };
  'order.delivered': { fulfilmentOrderId: string; lines: WebhookLine[]; deliveredAt: string };
  'order.cancelled': {
    lineIds: string[];
    reason: string | null;
    refused: Array<{ orderLineId: string; reason: string }>;
  };
  'order.lines-unfulfillable': {
    lines: Array<{
      orderLineId: string;
      reason: string;
      alternatives: Array<{ locationId: string; name: string; distanceKm: number | null }>;
    }>;
  };
  'order.refund-decided': {
    returnId: string;
    lines: Array<{ orderLineId: string; qty: number; amountMinor: number; currency: string }>;
    totalMinor: number;
    currency: string;
  };
}

/** What every webhook's `data` carries besides its moment: whose order it is, in the channel's own words. */
export interface OrderReference {
  customerId: string;
  /** The channel's own reference of the order, or null. */
  externalRef: string | null;
}

export type WebhookData<T extends WebhookEventType> = MomentData[T] & OrderReference;

type Moment = { [T in WebhookEventType]: { type: T; data: MomentData[T] } }[WebhookEventType];
export type Webhook = { [T in WebhookEventType]: { type: T; data: WebhookData<T> } }[WebhookEventType];

/** The body of a delivery of type `T`, its keys in this order. */
export interface WebhookPayload<T extends WebhookEventType = WebhookEventType> {
  /** The event's id: the same for every attempt and every subscription. */
  id: string;
  type: T;
  occurredAt: string;
  orderId: string;
  data: WebhookData<T>;
}

const linesOf = (lines: readonly FulfilledLineV1[]): WebhookLine[] =>
  lines.map(({ orderLineId, sku, qty }) => ({ orderLineId, sku, qty }));

/** The moment an event tells, if any (a cancel fulfilment refused for every line cancelled nothing). */
function momentOf(event: EventEnvelope, order: KnownOrderFacts): Moment | null {
  switch (event.type) {
    case ReadyForPickup.type: {
      const d = event.data as ReadyForPickupV1;
      const data = {
        fulfilmentOrderId: d.fulfilmentOrderId,
        locationId: d.locationId,
        lines: linesOf(d.lines),
        expiresAt: d.expiresAt,
        pickupCode: d.pickupCode ?? null,
      };
      return { type: 'order.ready-for-pickup', data };
    }
    case PickupReminderDue.type: {
      const d = event.data as PickupReminderDueV1;
      return {
        type: 'order.pickup-reminder',
        data: { fulfilmentOrderId: d.fulfilmentOrderId, locationId: d.locationId, expiresAt: d.expiresAt },
      };
    }
    case ShipmentDispatched.type: {
      const d = event.data as GoodsLeftV1;
      const data = {
        fulfilmentOrderId: d.fulfilmentOrderId,
        locationId: d.locationId,
        lines: linesOf(d.lines),
        carrier: d.carrier ?? null,
        trackingNumber: d.trackingNumber ?? null,
      };
      return { type: 'order.shipped', data };
    }
    case ShipmentDelivered.type: {
      const d = event.data as ShipmentDeliveredV1;
      return {
        type: 'order.delivered',
        data: {
          fulfilmentOrderId: d.fulfilmentOrderId,
          lines: linesOf(d.lines),
          deliveredAt: d.deliveredAt ?? event.occurredAt,
        },
      };
    }
    case CancelDecided.type: {
      const d = event.data as CancelDecidedV1;
      if (!d.cancelled.length) return null;
      const refused = d.refused.map(({ orderLineId, reason }) => ({ orderLineId, reason }));
      return { type: 'order.cancelled', data: { lineIds: d.cancelled, reason: d.reason ?? null, refused } };
    }
    case OrderCancelled.type: {
      const d = event.data as OrderCancelledV1;
      return {
        type: 'order.cancelled',
        data: { lineIds: d.lineIds ?? [...order.lineIds], reason: d.reason ?? null, refused: [] },
      };
    }
    case LinesUnfulfillable.type: {
      const d = event.data as LinesUnfulfillableV1;
      const lines = d.lines.map(({ orderLineId, reason, alternatives }) => ({
        orderLineId,
        reason,
        alternatives: (alternatives ?? []).map(({ locationId, name, distanceKm }) => ({
          locationId,
          name,
          distanceKm: distanceKm ?? null,
        })),
      }));
      return { type: 'order.lines-unfulfillable', data: { lines } };
    }
    case RefundDecided.type: {
      const d = event.data as RefundDecidedV1;
      const lines = d.lines.map(({ orderLineId, qty, amountMinor, currency }) => ({
        orderLineId,
        qty,
        amountMinor,
        currency,
      }));
      return {
        type: 'order.refund-decided',
        data: { returnId: d.returnId, lines, totalMinor: d.totalMinor, currency: d.currency },
      };
    }
    default:
      return null;
  }
}

/** The webhook an event makes for its order: the moment's fields, then the order's customer and the channel's own reference. */
export function webhookOf(event: EventEnvelope, order: KnownOrderFacts): Webhook | null {
  const moment = momentOf(event, order);
  // The compiler cannot pair a union's `type` with its `data` through a spread; momentOf already did.
  return (
    moment &&
    ({
      type: moment.type,
      data: { ...moment.data, customerId: order.customerId, externalRef: order.externalRef },
    } as Webhook)
  );
}

/**
 * The body every attempt of a delivery sends, byte for byte (it is written once and signed as stored):
 * `id` is the event's, the same for every subscription and attempt, so a receiver deduplicates on it.
 */
export function webhookBody(
  event: Pick<EventEnvelope, 'id' | 'occurredAt'>,
  order: KnownOrderFacts,
  webhook: Webhook,
): string {
  const payload: WebhookPayload = {
    id: event.id,
    type: webhook.type,
    occurredAt: event.occurredAt,
    orderId: order.orderId,
    data: webhook.data,
  };
  return JSON.stringify(payload);
}
