// One word for each moment an order line (orders) and its fulfilment task (fulfilment) both pass
// through, so an integrator reading both APIs, a channel and the store console all see one name for it.
// Each ladder adds its own steps around these (a line's `allocated`, a task's `to_pick`); `rejected`
// is each ladder's own (a pending line never placed, a task the store turned down), not a shared moment.

/** Click and collect: at the store's counter, then in the customer's hands. */
export const PICKUP_MOMENTS = ['ready_for_pickup', 'picked_up'] as const;
/** Ship from store or DC: with the carrier, then at the customer's door. */
export const SHIPMENT_MOMENTS = ['shipped', 'delivered'] as const;
/** Ended before the goods left. */
export const CANCELLED = 'cancelled';

export const SHARED_STATUSES = [...PICKUP_MOMENTS, ...SHIPMENT_MOMENTS, CANCELLED] as const;
export type SharedStatus = (typeof SHARED_STATUSES)[number];

/**
 * Words fulfilment's tasks and pickups used before they shared these, and the shared word each now is:
 * still taken as a deprecated alias where a client names a status (`?status=` of the task lists).
 */
export const FORMER_STATUS_WORDS = {
  awaiting_pickup: 'ready_for_pickup',
  handed_over: 'picked_up',
} as const satisfies Record<string, SharedStatus>;
export type FormerStatusWord = keyof typeof FORMER_STATUS_WORDS;

/** The shared word for a former one; any other value as it is. */
export function currentStatusWord<T>(value: T): T | SharedStatus {
  return typeof value === 'string' && Object.hasOwn(FORMER_STATUS_WORDS, value)
    ? FORMER_STATUS_WORDS[value as FormerStatusWord]
    : value;
}
