// Where a hold line should take its stock, how long a hold lives, and what a refusal says.
import type { LocationType } from '@omni/contracts';
import { levelKey } from '../stock/stock.rules';

export const DEFAULT_TTL_SECONDS = 900;
export const MAX_TTL_SECONDS = 14_400;
export const MAX_HOLD_LINES = 100;

export interface Candidate {
  locationId: string;
  type: LocationType;
  /** What the channel may promise there now (a snapshot: the conditional UPDATE decides). */
  available: number;
  /** One of the caller's own locations (a POS holding in its own store). */
  own: boolean;
}

// Stores sell over the counter too; take online stock from the network's back end first.
const TYPE_PREFERENCE: Record<LocationType, number> = { dc: 0, warehouse: 1, store: 2 };

/**
 * The order in which to try locations for a line of `qty`: those that can serve it whole first;
 * then the caller's own store, DCs before warehouses before stores, more stock first, then id so
 * every replica picks the same order.
 */
export function rankCandidates(candidates: readonly Candidate[], qty: number): Candidate[] {
  return [...candidates].sort(
    (a, b) =>
      Number(b.available >= qty) - Number(a.available >= qty) ||
      Number(b.own) - Number(a.own) ||
      TYPE_PREFERENCE[a.type] - TYPE_PREFERENCE[b.type] ||
      b.available - a.available ||
      (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0),
  );
}

export interface LineRequest {
  lineNo: number;
  sku: string;
  qty: number;
  locationId?: string;
}

/**
 * Lines are taken in (sku, location) order so that two holds touching the same rows lock them in the
 * same order; lines without a location come after the pinned lines of their SKU.
 */
export function takingOrder<L extends LineRequest>(lines: readonly L[]): L[] {
  const key = (l: LineRequest) => `${l.sku}\u0000${l.locationId ?? '\uffff'}\u0000${String(l.lineNo).padStart(4, '0')}`;
  return [...lines].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export interface LineOutcome {
  lineNo: number;
  sku: string;
  requested: number;
  held: number;
  locationId: string | null;
  /** Units the line could not get: requested - held. */
  shortfall: number;
}

export function outcome(line: LineRequest, held: number, locationId: string | null): LineOutcome {
  return { lineNo: line.lineNo, sku: line.sku, requested: line.qty, held, locationId, shortfall: line.qty - held };
}

/** A hold that may not be partial succeeds only when every line got everything it asked for. */
export function holdSucceeds(lines: readonly LineOutcome[], allowPartial: boolean): boolean {
  return allowPartial ? lines.some((l) => l.held > 0) : lines.every((l) => l.shortfall === 0);
}

export interface Shortfall {
  lineNo: number;
  sku: string;
  locationId: string | null;
  requested: number;
  /** What the channel could promise for the line now. */
  available: number;
  shortfall: number;
  reason: 'insufficient-stock' | 'location-not-in-channel';
}

/** A short line as a refusal reports it; `pinned` is the location the line named, if any. */
export function shortfallOf(
  line: LineOutcome,
  pinned: string | undefined,
  available: number,
  inChannel: boolean,
): Shortfall {
  return {
    lineNo: line.lineNo,
    sku: line.sku,
    locationId: pinned ?? null,
    requested: line.requested,
    available,
    shortfall: Math.max(line.requested - available, 0) || line.shortfall,
    reason: pinned && !inChannel ? 'location-not-in-channel' : 'insufficient-stock',
  };
}

/**
 * Takes a hold whose lines all name their location from what each row can still sell (`sellableLeft`,
 * by levelKey), in taking order: all or nothing unless partial. `promise` turns a row's sellable units
 * into what the hold's channel may promise. `sellableLeft` falls only when the hold succeeds.
 */
export function takePinned(
  lines: readonly LineRequest[],
  allowPartial: boolean,
  sellableLeft: Map<string, number>,
  promise: (sellable: number) => number,
): { outcomes: LineOutcome[]; held: boolean } {
  const taken = new Map<string, number>();
  const byLine = new Map<number, LineOutcome>();
  for (const line of takingOrder(lines)) {
    const key = levelKey(line.sku, line.locationId as string);
    const left = promise((sellableLeft.get(key) ?? 0) - (taken.get(key) ?? 0));
    const held = left >= line.qty ? line.qty : allowPartial ? Math.max(0, left) : 0;
    taken.set(key, (taken.get(key) ?? 0) + held);
    byLine.set(line.lineNo, outcome(line, held, line.locationId as string));
  }
  const outcomes = lines.map((l) => byLine.get(l.lineNo) as LineOutcome);
  const held = holdSucceeds(outcomes, allowPartial);
  if (held) for (const [key, n] of taken) sellableLeft.set(key, (sellableLeft.get(key) ?? 0) - n);
  return { outcomes, held };
}

/** One take from a level, as a batch decided it: the units, and how its channel turns sellable units into a promise. */
export interface Take {
  units: number;
  promise: (sellable: number) => number;
}

/**
 * The least sellable a level must still have for a batch's takes, decided one after another against
 * `snapshot`, all to stay valid: for each take, what the takes before it took plus the least sellable
 * whose promise covers it. A batch that decided without the row lock then reserves only where the
 * level still has this much, so it cannot oversell whatever moved meanwhile. `promise` must not fall
 * as sellable grows; a take the snapshot could not have covered asks for the whole snapshot.
 */
export function sellableFloor(takes: readonly Take[], snapshot: number): number {
  let before = 0;
  let floor = 0;
  for (const { units, promise } of takes) {
    let hi = snapshot - before;
    if (promise(hi) < units) return Math.max(floor, snapshot);
    // The least s in [0, hi] with promise(s) >= units.
    let lo = 0;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (promise(mid) >= units) hi = mid;
      else lo = mid + 1;
    }
    floor = Math.max(floor, before + lo);
    before += units;
  }
  return floor;
}
