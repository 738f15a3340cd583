// Placement, cancellation and visibility rules of an order: pure, no Nest, no I/O.
import type { Channel } from '@omni/contracts';
import { mayActOnOrder, type Principal } from '@omni/platform';
import { cancelIsRequest, hasLeft, isCancellable, type Cancellation, type LineStatus } from '../status/status.rules';

/**
 * Which channel a principal may place orders for: a channel client only its own, a store (POS)
 * its own channel (pos unless its token says otherwise), an admin any (e.g. call-centre tooling).
 */
export function mayPlaceFor(principal: Principal, channel: Channel): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'store') return channel === (principal.channel ?? 'pos');
  return principal.channel === channel;
}

export interface OrderLocationFacts {
  pickupLocationIds: readonly string[];
  assistedByLocationId?: string;
  /** The store a POS principal sells from, when its token names exactly one. */
  sellingLocationId?: string;
}

/** The locations whose staff may see the order from the start; fulfilment locations join later. */
export function initialLocationIds({
  pickupLocationIds,
  assistedByLocationId,
  sellingLocationId,
}: OrderLocationFacts): string[] {
  const ids = [...pickupLocationIds, assistedByLocationId, sellingLocationId].filter((id): id is string => !!id);
  return [...new Set(ids)];
}

export interface VisibleFacts {
  channel: Channel;
  locationIds: readonly string[];
}

/** Admins see every order, channel clients their channel's, store staff those touching their locations (the shared ownership rule). */
export function mayView(principal: Principal, order: VisibleFacts): boolean {
  return mayActOnOrder(principal, order);
}

export interface CancelPlan {
  /** Pending lines, never placed: orders alone cancels them, now. */
  now: string[];
  /** Placed lines: fulfilment holds their goods and decides (a line already awaiting its decision is not asked twice). */
  request: string[];
  /** Lines whose goods have left: only a return can undo them. */
  tooLate: Array<{ lineId: string; status: LineStatus }>;
  /** Requested ids that are not lines of this order. */
  unknown: string[];
}

/**
 * What a cancel request does: every line when none are named, else the named ones. Lines already
 * cancelled or unfulfillable are skipped (a repeated cancel is a no-op); a line that has been
 * handed over or shipped makes the whole request too late.
 */
export function planCancel(
  lines: ReadonlyArray<{ id: string; status: LineStatus; cancellation: Cancellation | null }>,
  requested?: readonly string[],
): CancelPlan {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const unknown = (requested ?? []).filter((id) => !byId.has(id));
  const targets = requested ? lines.filter((l) => requested.includes(l.id)) : lines;
  const cancellable = targets.filter((l) => isCancellable(l.status));
  return {
    now: cancellable.filter((l) => !cancelIsRequest(l.status)).map((l) => l.id),
    request: cancellable.filter((l) => cancelIsRequest(l.status) && l.cancellation !== 'requested').map((l) => l.id),
    tooLate: targets.filter((l) => hasLeft(l.status)).map((l) => ({ lineId: l.id, status: l.status })),
    unknown,
  };
}

export interface MoneyLine {
  qty: number;
  unitPriceMinor: number;
  currency: string;
}

/** Order value per currency, in minor units (an order may mix currencies, e.g. a marketplace). */
export function totalsByCurrency(lines: readonly MoneyLine[]): Array<{ currency: string; amountMinor: number }> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.currency, (sums.get(l.currency) ?? 0) + l.qty * l.unitPriceMinor);
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor }));
}
