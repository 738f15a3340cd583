// Pure decisions of the allocation saga: what a rejection or a discrepancy means for the lines.
import type { AffectedAllocationV1, AllocationRejectedV1 } from '@omni/contracts';
import type { LineState } from './order-lines.store';

/** A line leaving its location; `excludeLocationId` will not be offered it again. */
export interface LineMove {
  orderLineId: string;
  excludeLocationId: string | null;
}

/**
 * Inventory rejects a request whole. The lines it was short on must not go back to that location;
 * the others (shortfall 0) were fine there and are simply sourced again. An unknown location fails
 * every line sent to it.
 */
export function movesAfterRejection(rejected: AllocationRejectedV1): LineMove[] {
  return rejected.lines.map((l) => ({
    orderLineId: l.orderLineId,
    excludeLocationId: rejected.reason === 'unknown-location' || l.shortfall > 0 ? l.locationId : null,
  }));
}

/**
 * A POS sale took stock promised to orders. Inventory lists the promises newest first; moving the
 * newest until the shortfall is covered keeps the oldest orders where they are (and moves no more
 * than needed). Only allocations fulfilment can still move (not yet picked) are given.
 */
export function allocationsToMove(movable: readonly AffectedAllocationV1[], shortBy: number): AffectedAllocationV1[] {
  const moved: AffectedAllocationV1[] = [];
  let covered = 0;
  for (const a of movable) {
    if (covered >= shortBy) break;
    moved.push(a);
    covered += a.qty;
  }
  return moved;
}

/** Lines that have had their rounds are given up rather than sourced again. */
export function partitionByAttempts<T extends { attempts: number }>(
  lines: readonly T[],
  maxAttempts: number,
): { live: T[]; spent: T[] } {
  return { live: lines.filter((l) => l.attempts < maxAttempts), spent: lines.filter((l) => l.attempts >= maxAttempts) };
}

export const GOODS_LEFT =
  'the goods had already left (handed over or shipped) when the cancel arrived: a return undoes the sale';

/**
 * A customer's cancel, decided where the goods are: a line whose goods left is refused; any other
 * line is cancelled, including one the saga never heard of (nothing was ever allocated for it) and
 * one already closed (a repeated cancel, or unfulfillable: its stock is released either way).
 */
export function decideCancel(
  lineIds: readonly string[],
  states: ReadonlyMap<string, LineState>,
): { cancelled: string[]; refused: Array<{ orderLineId: string; reason: string }> } {
  const refused = lineIds.filter((id) => states.get(id) === 'fulfilled');
  return {
    cancelled: lineIds.filter((id) => !refused.includes(id)),
    refused: refused.map((orderLineId) => ({ orderLineId, reason: GOODS_LEFT })),
  };
}
