// When goods reached the customer, from the fulfilment facts of one order line. Pure, no I/O.

export type FulfilmentKind = 'pickup' | 'shipment';

/** One fulfilment order's part of a line: handed over at a store, or shipped (and perhaps delivered). */
export interface FulfilmentFact {
  kind: FulfilmentKind;
  qty: number;
  leftAt: Date | null;
  deliveredAt: Date | null;
}

/** A delivery implies the goods left, even when the dispatch event has not been projected yet. */
const hasLeft = (f: FulfilmentFact): boolean => f.leftAt !== null || f.deliveredAt !== null;

/** Units the customer has, and so may send back. */
export function fulfilledQty(facts: readonly FulfilmentFact[]): number {
  return facts.filter(hasLeft).reduce((sum, f) => sum + f.qty, 0);
}

/**
 * When the return window of one fulfilment opens: at handover for a pickup, at delivery for a
 * shipment. A shipment whose delivery was never reported counts from its dispatch, so a missing
 * carrier scan cannot keep the window open forever.
 */
export function windowOpensAt(fact: FulfilmentFact): Date | null {
  if (fact.kind === 'pickup') return fact.leftAt ?? fact.deliveredAt;
  return fact.deliveredAt ?? fact.leftAt;
}

/**
 * The window of a line shipped in parts opens with its last part: we cannot tell which units come
 * back, and the customer only had the whole line from then on.
 */
export function lineWindowOpensAt(facts: readonly FulfilmentFact[]): Date | null {
  const times = facts
    .filter(hasLeft)
    .map(windowOpensAt)
    .filter((t): t is Date => t !== null);
  return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null;
}
