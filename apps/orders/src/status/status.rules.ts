// The journey's status rules: how one line moves, and how an order's status rolls up from its lines.
// Events from inventory, fulfilment and returns arrive on different topics in any order, so a line
// only ever moves forward along its ladder; a stale event is recorded in the timeline and changes nothing.
import {
  Allocated,
  CANCELLED,
  CancelDecided,
  FulfilmentOrderCreated,
  LinesUnfulfillable,
  PICKUP_MOMENTS,
  PickupExpired,
  PickupHandedOver,
  ReadyForPickup,
  SHIPMENT_MOMENTS,
  ShipmentDelivered,
  ShipmentDispatched,
} from '@omni/contracts';

/** Orders' own steps, then the moments a line shares with its task (libs/contracts/src/statuses.ts), then its returns and ends. */
export const LINE_STATUSES = [
  // Accepted, not placed yet: orders is waiting to hear of the hold or pickup location it carries.
  'pending',
  'placed',
  'allocated',
  'in_fulfilment',
  ...PICKUP_MOMENTS,
  ...SHIPMENT_MOMENTS,
  'returned',
  'refunded',
  CANCELLED,
  'unfulfillable',
  // What a pending order's hold or location turned out to forbid: it was never placed.
  'rejected',
] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/**
 * Where each event of the journey moves the lines it names (nextLineStatus decides whether they do):
 * cancel-decided only those it cancelled, the rest keep their status with the refusal beside it.
 * Returns' events move a line only once all of its units are back (returnTarget).
 */
export const EVENT_TARGETS: Readonly<Record<string, LineStatus>> = {
  [Allocated.type]: 'allocated',
  [FulfilmentOrderCreated.type]: 'in_fulfilment',
  [LinesUnfulfillable.type]: 'unfulfillable',
  [ReadyForPickup.type]: 'ready_for_pickup',
  [PickupHandedOver.type]: 'picked_up',
  [ShipmentDispatched.type]: 'shipped',
  [ShipmentDelivered.type]: 'delivered',
  [CancelDecided.type]: 'cancelled',
  [PickupExpired.type]: 'cancelled',
};

/** The status an event moves lines to; a type without one is a handler's mistake, not a stale event. */
export function targetOf(eventType: string): LineStatus {
  if (!Object.hasOwn(EVENT_TARGETS, eventType)) throw new Error(`${eventType} moves no order line`);
  return EVENT_TARGETS[eventType];
}

export const ORDER_STATUSES = [
  'pending',
  'placed',
  'allocated',
  'in_fulfilment',
  'ready_for_pickup',
  'shipped',
  'completed',
  'partially_fulfilled',
  'returned',
  'refunded',
  'cancelled',
  'unfulfillable',
  'rejected',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

type ClosedStatus = 'cancelled' | 'unfulfillable' | 'rejected';
type ProgressStatus = Exclude<LineStatus, ClosedStatus>;

// Pickup and ship lines share ranks: a line takes one branch, never both.
const RANK: Record<ProgressStatus, number> = {
  pending: -1,
  placed: 0,
  allocated: 1,
  in_fulfilment: 2,
  ready_for_pickup: 3,
  shipped: 3,
  picked_up: 4,
  delivered: 4,
  returned: 5,
  refunded: 6,
};
const DONE_RANK = 4;

/** Final: no event moves the line again. */
export const isClosed = (s: LineStatus): s is ClosedStatus =>
  s === 'cancelled' || s === 'unfulfillable' || s === 'rejected';
const rankOf = (s: ProgressStatus): number => RANK[s];

// Cancellable until the goods leave: handover to the customer or shipment.
const CANCELLABLE: ReadonlySet<LineStatus> = new Set<LineStatus>([
  'pending',
  'placed',
  'allocated',
  'in_fulfilment',
  'ready_for_pickup',
]);

export function isCancellable(status: LineStatus): boolean {
  return CANCELLABLE.has(status);
}

/** Goods have left (handed over, shipped, delivered, or come back): only a return undoes the sale. */
export function hasLeft(status: LineStatus): boolean {
  return !isClosed(status) && !isCancellable(status);
}

/**
 * Where a line goes when an event says it reached `target`. Never backwards: cancelled,
 * unfulfillable and rejected are final, only a pending line can be rejected, a cancel after the
 * goods left and "unfulfillable" once they are ready are refused, and a progress step only counts
 * when it is further than the line has got.
 */
export function nextLineStatus(current: LineStatus, target: LineStatus): LineStatus {
  if (isClosed(current)) return current;
  if (target === 'cancelled') return isCancellable(current) ? 'cancelled' : current;
  if (target === 'rejected') return current === 'pending' ? 'rejected' : current;
  if (target === 'unfulfillable') return rankOf(current) < RANK.ready_for_pickup ? 'unfulfillable' : current;
  return rankOf(target) > rankOf(current) ? target : current;
}

/** A customer's cancel of a line fulfilment holds: `requested` until fulfilment decides, `refused` if the goods had left. */
export type Cancellation = 'requested' | 'refused';

/** Only a pending line is cancelled by orders alone; once placed, fulfilment holds the goods and decides. */
export function cancelIsRequest(status: LineStatus): boolean {
  return status !== 'pending' && isCancellable(status);
}

/** What stays of a cancel beside the line: nothing once the line is closed (cancelled, or ended another way), else the latest word on it. */
export function nextCancellation(
  status: LineStatus,
  current: Cancellation | null,
  incoming: Cancellation | undefined,
): Cancellation | null {
  if (isClosed(status)) return null;
  return incoming ?? current;
}

/** A line whose units have all come back (`returned`) or been refunded (`refunded`); partial returns leave it where it is. */
export function returnTarget(qty: number, received: number, refunded: number): LineStatus | undefined {
  if (refunded >= qty) return 'refunded';
  if (received >= qty) return 'returned';
  return undefined;
}

/**
 * The order's status from its lines. Closed lines (cancelled, unfulfillable) stand aside; while
 * lines are still moving, the least advanced one says where the order is; once every live line is
 * done the order is completed, or partially fulfilled if some lines could not be served.
 */
export function rollUp(statuses: readonly LineStatus[]): OrderStatus {
  const live = statuses.filter((s): s is ProgressStatus => !isClosed(s));
  const someUnfulfillable = statuses.includes('unfulfillable');
  if (!live.length)
    return someUnfulfillable ? 'unfulfillable' : statuses.includes('rejected') ? 'rejected' : 'cancelled';
  if (live.every((s) => s === 'refunded')) return 'refunded';
  if (live.every((s) => s === 'returned' || s === 'refunded')) return 'returned';
  const moving = live.filter((s) => rankOf(s) < DONE_RANK);
  if (!moving.length) return someUnfulfillable ? 'partially_fulfilled' : 'completed';
  return moving.reduce((least, s) => (rankOf(s) < rankOf(least) ? s : least)) as OrderStatus;
}
