// Whether a location may serve a group of ship or same-day lines, and how well: the scores the
// strategy ranks by and stores, with the reasons a person can read.
import {
  capacityScore,
  describeCapacity,
  UNLIMITED,
  beforeCutoff,
  type CapacityState,
} from '../capacity/capacity.rules';
import { haversineKm, type Destination } from './geo.rules';
import {
  unitsAt,
  type CandidateScore,
  type DemandLine,
  type KnownLocation,
  type NetworkSnapshot,
  type ScoreParts,
  type SourcingPolicy,
} from './sourcing.model';

/** Distance counts most when it is known; without it, stock and capacity decide (documented fallback). */
export const WEIGHTS = {
  known: { distance: 0.45, stock: 0.3, capacity: 0.15, hold: 0.1 },
  unknown: { distance: 0, stock: 0.6, capacity: 0.25, hold: 0.15 },
} as const;
/** Beyond this a ship-from location gets no distance credit at all. */
export const SHIP_DISTANCE_HORIZON_KM = 1000;

export interface DeliveryGroup {
  deliveryType: 'ship' | 'same_day';
  lines: readonly DemandLine[];
  destination: Destination;
}

const round = (n: number, places = 3) => Math.round(n * 10 ** places) / 10 ** places;
const unitsOf = (lines: readonly DemandLine[]) => lines.reduce((sum, l) => sum + l.qty, 0);

export function capacityOf(network: NetworkSnapshot, locationId: string): CapacityState {
  return network.capacity.get(locationId) ?? UNLIMITED;
}

/** A line may go to a location that has not failed it and has the units sellable. */
export function canServe(line: DemandLine, locationId: string, network: NetworkSnapshot): boolean {
  return !line.excluded.includes(locationId) && unitsAt(network.stock, line.sku, locationId) >= line.qty;
}

/** Why a location cannot take this group at all (empty: it may). */
export function groupProblems(
  location: KnownLocation,
  group: DeliveryGroup,
  remaining: number,
  distanceKm: number | null,
  policy: SourcingPolicy,
  now: Date,
  capacity: CapacityState,
): string[] {
  const problems: string[] = [];
  if (!location.active) problems.push('inactive');
  const shipsFromStore = location.capabilities.includes('ship_from_store');
  if (group.deliveryType === 'ship' && location.type === 'store' && !shipsFromStore)
    problems.push('store does not ship (no ship_from_store)');
  if (group.deliveryType === 'same_day') {
    if (location.type !== 'store') problems.push(`same-day comes from stores only, not a ${location.type}`);
    else if (!shipsFromStore) problems.push('store does not ship (no ship_from_store)');
    if (distanceKm === null) problems.push('same-day needs a known distance to the address');
    else if (distanceKm > policy.sameDayRadiusKm)
      problems.push(`outside the same-day radius (${round(distanceKm, 1)} km > ${policy.sameDayRadiusKm} km)`);
    const cutoff = capacity.cutoff ?? policy.sameDayCutoff;
    if (!beforeCutoff(now, location.timezone, cutoff))
      problems.push(`past its same-day cut-off ${cutoff} (${location.timezone})`);
  }
  if (remaining < 1) problems.push(`at capacity: ${describeCapacity(capacity, 0)}`);
  return problems;
}

/** Scores one location for a group of ship or same-day lines. */
export function scoreCandidate(
  location: KnownLocation,
  group: DeliveryGroup,
  network: NetworkSnapshot,
  remaining: number,
  policy: SourcingPolicy,
  now: Date,
): CandidateScore {
  const capacity = capacityOf(network, location.id);
  const distanceKm = group.destination.known ? haversineKm(group.destination, location) : null;
  const problems = groupProblems(location, group, remaining, distanceKm, policy, now, capacity);
  const servable = group.lines.filter((l) => canServe(l, location.id, network));
  const base = {
    locationId: location.id,
    name: location.name,
    type: location.type,
    distanceKm: distanceKm === null ? null : round(distanceKm, 1),
  };
  if (problems.length)
    return { ...base, eligible: false, score: null, parts: null, servableLineIds: [], reasons: problems };
  if (!servable.length) {
    const failed = group.lines.filter((l) => l.excluded.includes(location.id)).length;
    return {
      ...base,
      eligible: false,
      score: null,
      parts: null,
      servableLineIds: [],
      reasons: [failed ? `failed ${failed} of these lines before` : 'no sellable stock for these lines'],
    };
  }
  const units = unitsOf(group.lines);
  const horizon = group.deliveryType === 'same_day' ? policy.sameDayRadiusKm : SHIP_DISTANCE_HORIZON_KM;
  const parts: ScoreParts = {
    distance: distanceKm === null ? null : round(Math.max(0, 1 - distanceKm / horizon)),
    stock: round(unitsOf(servable) / units),
    capacity: round(capacityScore(capacity, remaining)),
    hold: round(
      group.lines.reduce((sum, l) => sum + Math.min(l.qty, unitsAt(network.held, l.sku, location.id)), 0) / units,
    ),
  };
  const w = parts.distance === null ? WEIGHTS.unknown : WEIGHTS.known;
  const score = round(
    w.distance * (parts.distance ?? 0) + w.stock * parts.stock + w.capacity * parts.capacity + w.hold * parts.hold,
  );
  const reasons = [
    distanceKm === null
      ? 'distance unknown: ranked by stock and capacity'
      : `${round(distanceKm, 1)} km from the address`,
    `can serve ${servable.length} of ${group.lines.length} lines`,
    describeCapacity(capacity, remaining),
    ...(parts.hold > 0 ? ['holds the cart stock'] : []),
  ];
  return { ...base, eligible: true, score, parts, servableLineIds: servable.map((l) => l.orderLineId), reasons };
}
