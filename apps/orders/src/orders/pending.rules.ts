// "Not yours" and "not yet" are different answers. What orders knows of a hold or a pickup location
// may refuse an order for good; what it has not heard of yet only makes the order wait (pending)
// until it does. A SKU is refused only from a view that has caught up: the network's SKUs come
// from the same changelogs. Pure: the checks come in as arguments.
import {
  holdNeverArrivedDetail,
  holdNotYetDetail,
  holdRefusalDetail,
  NOT_YET,
  type HoldRefusal,
  type HoldVerdict,
} from '../holds/holds.rules';
import { pickupNotYetDetail, pickupRefusalDetail, type PickupRefusal } from '../locations/locations.rules';
import { skuNotYetDetail, unknownSkuDetail, type SkuFacts } from '../skus/skus.rules';

/** How long a pending order waits for what it names before that counts as never coming (with the view current). */
export const PENDING_PATIENCE_MS = 120_000;

export interface PickupFacts {
  field: string;
  locationId: string;
  refusal: PickupRefusal | undefined;
}

export interface HoldFactsOf {
  holdId: string;
  verdict: HoldVerdict;
}

/** Something a pending order waits to hear of. */
export interface Wait {
  kind: 'hold' | 'location' | 'sku';
  ref: string;
  field: string;
  detail: string;
}

export type Placement =
  | { outcome: 'place' }
  | { outcome: 'wait'; waits: Wait[] }
  | { outcome: 'refuse'; pickups: PickupFacts[]; hold?: HoldRefusal; skus?: SkuFacts[] };

const viewCatchingUp = (what: string) =>
  `${what}: orders is still reading inventory's changelogs, the order is placed or rejected once it has`;

/**
 * At placement. A refusal from what orders knows is final once its view has caught up with
 * inventory's changelogs; before that, anything but a clean pass waits too (the record may be stale).
 * A hold already carried by another order is orders' own fact, final at once. A SKU the caught-up
 * view has never seen is refused; one a cold view has not seen (yet) waits.
 */
export function judgePlacement(
  pickups: readonly PickupFacts[],
  hold: HoldFactsOf | undefined,
  viewCaughtUp: boolean,
  skus: readonly SkuFacts[] = [],
): Placement {
  const unknownSkus = skus.filter((s) => !s.known);
  const refusedSkus = viewCaughtUp ? unknownSkus : [];
  const skuWait = ({ sku, field }: SkuFacts): Wait => ({ kind: 'sku', ref: sku, field, detail: skuNotYetDetail(sku) });
  const waits: Wait[] = viewCaughtUp ? [] : unknownSkus.map(skuWait);
  const refusedPickups: PickupFacts[] = [];
  for (const p of pickups) {
    if (!p.refusal) continue;
    if (p.refusal === 'unknown')
      waits.push({ kind: 'location', ref: p.locationId, field: p.field, detail: pickupNotYetDetail(p.locationId) });
    else if (viewCaughtUp) refusedPickups.push(p);
    else
      waits.push({
        kind: 'location',
        ref: p.locationId,
        field: p.field,
        detail: viewCatchingUp(pickupRefusalDetail(p.refusal, p.locationId)),
      });
  }
  let refusedHold: HoldRefusal | undefined;
  if (hold?.verdict === NOT_YET)
    waits.push({ kind: 'hold', ref: hold.holdId, field: 'holdId', detail: holdNotYetDetail(hold.holdId) });
  else if (hold?.verdict && (viewCaughtUp || hold.verdict === 'used')) refusedHold = hold.verdict;
  else if (hold?.verdict)
    waits.push({
      kind: 'hold',
      ref: hold.holdId,
      field: 'holdId',
      detail: viewCatchingUp(holdRefusalDetail(hold.verdict, hold.holdId)),
    });
  if (refusedSkus.length || refusedPickups.length || refusedHold) {
    const skusPart = refusedSkus.length ? { skus: refusedSkus } : {};
    return { outcome: 'refuse', pickups: refusedPickups, ...(refusedHold ? { hold: refusedHold } : {}), ...skusPart };
  }
  return waits.length ? { outcome: 'wait', waits } : { outcome: 'place' };
}

/** What a pending line says it waits for: its own pickup location or SKU, else the order's hold, else the first wait. */
export function lineWaitDetail(waits: readonly Wait[], lineIndex: number): string {
  const own = waits.find((w) => w.kind !== 'hold' && w.field.startsWith(`lines.${lineIndex}.`));
  return (own ?? waits.find((w) => w.kind === 'hold') ?? waits[0]).detail;
}

export type Resolution = { outcome: 'place' } | { outcome: 'wait' } | { outcome: 'reject'; reasons: string[] };

/**
 * A pending order, once orders' view has caught up: placed when everything it names is now known
 * and allowed, rejected when any of it is refused, or when something has still not arrived although
 * the view has read everything there is (`final`: past PENDING_PATIENCE_MS with the view current).
 * A SKU the caught-up view still does not know is no network's SKU: rejected at once, as at placement.
 */
export function resolvePending(
  pickups: readonly PickupFacts[],
  hold: HoldFactsOf | undefined,
  final: boolean,
  skus: readonly SkuFacts[] = [],
): Resolution {
  const refused = [
    ...pickups
      .filter((p) => p.refusal && p.refusal !== 'unknown')
      .map((p) => pickupRefusalDetail(p.refusal as PickupRefusal, p.locationId)),
    ...(hold?.verdict && hold.verdict !== NOT_YET ? [holdRefusalDetail(hold.verdict, hold.holdId)] : []),
    ...[...new Set(skus.filter((s) => !s.known).map((s) => s.sku))].map(unknownSkuDetail),
  ];
  if (refused.length) return { outcome: 'reject', reasons: refused };
  const missing = [
    ...pickups
      .filter((p) => p.refusal === 'unknown')
      .map((p) => `${pickupRefusalDetail('unknown', p.locationId)} (it never reached orders)`),
    ...(hold?.verdict === NOT_YET ? [holdNeverArrivedDetail(hold.holdId)] : []),
  ];
  if (!missing.length) return { outcome: 'place' };
  return final ? { outcome: 'reject', reasons: missing } : { outcome: 'wait' };
}
