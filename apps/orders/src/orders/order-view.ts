import type { Actor, AddressV1, Channel, DeliveryType } from '@omni/contracts';
import type { ReturnLine } from '../status/return-line.entity';
import type { Cancellation, LineStatus, OrderStatus } from '../status/status.rules';
import type { TimelineEntry } from '../status/timeline-entry.entity';
import type { OrderLine } from './order-line.entity';
import type { Order } from './order.entity';
import { totalsByCurrency } from './orders.rules';

export interface Money {
  currency: string;
  amountMinor: number;
}

export interface LineView {
  id: string;
  lineNo: number;
  sku: string;
  qty: number;
  /** Integer minor units of `currency`. */
  unitPrice: number;
  currency: string;
  delivery: { type: DeliveryType; address?: AddressV1; locationId?: string };
  status: LineStatus;
  statusReason: string | null;
  /** A cancel fulfilment is deciding (`requested`) or turned down (`refused`, the goods had left); null when none is open. */
  cancellation: { status: Cancellation; reason: string | null } | null;
  fulfilment: { fulfilmentOrderId: string; locationId: string | null } | null;
  returnedQty: number;
  refundedQty: number;
}

export interface TimelineView {
  eventId: string;
  eventType: string;
  step: string;
  lineIds: string[];
  locationId: string | null;
  actor: Actor;
  occurredAt: string;
  detail: Record<string, unknown>;
}

export interface ReturnView {
  returnId: string;
  locationId: string | null;
  lines: Array<{ orderLineId: string; receivedQty: number; refundedQty: number; refunded: Money | null }>;
}

export interface OrderSummary {
  id: string;
  channel: Channel;
  status: OrderStatus;
  customerId: string;
  externalRef: string | null;
  placedAt: string;
  updatedAt: string;
  lineCount: number;
  totals: Money[];
}

export interface OrderView extends Omit<OrderSummary, 'customerId' | 'lineCount'> {
  customer: { id: string; email?: string; phone?: string };
  holdId: string | null;
  assistedBy: { staffId: string; locationId: string } | null;
  locationIds: string[];
  lines: LineView[];
  timeline: TimelineView[];
  returns: ReturnView[];
}

export type TimelineFacts = Pick<
  TimelineEntry,
  'eventId' | 'eventType' | 'step' | 'lineIds' | 'locationId' | 'actor' | 'occurredAt' | 'detail'
>;

export function toSummary(order: Order, lines: readonly OrderLine[]): OrderSummary {
  return {
    id: order.id,
    channel: order.channel,
    status: order.status,
    customerId: order.customerId,
    externalRef: order.externalRef,
    placedAt: order.placedAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    lineCount: lines.length,
    totals: totalsByCurrency(lines),
  };
}

export function toOrderView(
  order: Order,
  lines: readonly OrderLine[],
  timeline: readonly TimelineFacts[],
  returns: readonly ReturnLine[],
): OrderView {
  const { customerId: _customerId, lineCount: _lineCount, ...summary } = toSummary(order, lines);
  return {
    ...summary,
    customer: {
      id: order.customerId,
      ...(order.customerEmail ? { email: order.customerEmail } : {}),
      ...(order.customerPhone ? { phone: order.customerPhone } : {}),
    },
    holdId: order.holdId,
    assistedBy:
      order.assistedByStaffId && order.assistedByLocationId
        ? { staffId: order.assistedByStaffId, locationId: order.assistedByLocationId }
        : null,
    locationIds: order.locationIds,
    lines: lines.map((l) => toLineView(l, returns)),
    timeline: timeline.map(toTimelineView),
    returns: toReturnViews(returns),
  };
}

function toLineView(l: OrderLine, returns: readonly ReturnLine[]): LineView {
  const mine = returns.filter((r) => r.orderLineId === l.id);
  return {
    id: l.id,
    lineNo: l.lineNo,
    sku: l.sku,
    qty: l.qty,
    unitPrice: l.unitPriceMinor,
    currency: l.currency,
    delivery:
      l.deliveryType === 'pickup'
        ? { type: l.deliveryType, locationId: l.pickupLocationId ?? undefined }
        : { type: l.deliveryType, address: l.deliveryAddress ?? undefined },
    status: l.status,
    statusReason: l.statusReason,
    cancellation: l.cancellation ? { status: l.cancellation, reason: l.cancellationReason } : null,
    fulfilment: l.fulfilmentOrderId
      ? { fulfilmentOrderId: l.fulfilmentOrderId, locationId: l.fulfilmentLocationId }
      : null,
    returnedQty: mine.reduce((sum, r) => sum + r.receivedQty, 0),
    refundedQty: mine.reduce((sum, r) => sum + r.refundedQty, 0),
  };
}

function toTimelineView(t: TimelineFacts): TimelineView {
  return {
    eventId: t.eventId,
    eventType: t.eventType,
    step: t.step,
    lineIds: t.lineIds,
    locationId: t.locationId,
    actor: t.actor,
    occurredAt: t.occurredAt.toISOString(),
    detail: t.detail,
  };
}

function toReturnViews(returns: readonly ReturnLine[]): ReturnView[] {
  const byReturn = new Map<string, ReturnView>();
  for (const r of returns) {
    const view = byReturn.get(r.returnId) ?? { returnId: r.returnId, locationId: null, lines: [] };
    view.locationId ??= r.locationId;
    view.lines.push({
      orderLineId: r.orderLineId,
      receivedQty: r.receivedQty,
      refundedQty: r.refundedQty,
      refunded: r.currency ? { currency: r.currency, amountMinor: r.refundedMinor } : null,
    });
    byReturn.set(r.returnId, view);
  }
  return [...byReturn.values()];
}
