// Pickup lines go to the store the customer chose, or nowhere: when it cannot serve a line, the
// order is told which nearby stores could.
import { describeCapacity } from '../capacity/capacity.rules';
import { canServe, capacityOf } from './candidates.rules';
import { haversineKm } from './geo.rules';
import {
  unitsAt,
  type Alternative,
  type Assignment,
  type DemandLine,
  type GroupDecision,
  type KnownLocation,
  type NetworkSnapshot,
  type SourcingPolicy,
  type Unplaced,
} from './sourcing.model';

const MAX_ALTERNATIVES = 3;

export interface PickupOutcome {
  assignments: Assignment[];
  unfulfillable: Unplaced[];
  decision: GroupDecision;
}

const offersPickup = (l: KnownLocation) => l.active && l.type === 'store' && l.capabilities.includes('bopis');

/** Why the chosen store cannot take any pickup line at all (null: it may). */
function storeProblem(
  store: KnownLocation | undefined,
  storeId: string | undefined,
  remaining: number,
  network: NetworkSnapshot,
): string | null {
  if (!storeId) return 'the pickup line names no store';
  if (!store) return `pickup store ${storeId} is unknown to fulfilment`;
  if (!store.active) return `pickup store ${storeId} is inactive`;
  if (!offersPickup(store)) return `pickup store ${storeId} does not offer click-and-collect`;
  if (remaining < 1)
    return `pickup store ${storeId} is at capacity: ${describeCapacity(capacityOf(network, storeId), 0)}`;
  return null;
}

function lineProblem(line: DemandLine, store: KnownLocation, network: NetworkSnapshot): string {
  // Inventory's own figure when it has just refused the line there; fulfilment's view otherwise.
  if (line.shortAt?.locationId === store.id)
    return `pickup store ${store.id} has ${line.shortAt.available} of ${line.qty} x ${line.sku} sellable`;
  if (line.excluded.includes(store.id)) return `pickup store ${store.id} could not supply ${line.sku} for this line`;
  return `pickup store ${store.id} has ${unitsAt(network.stock, line.sku, store.id)} of ${line.qty} x ${line.sku} sellable`;
}

/** Stores near the chosen one that could serve the line now, nearest first. */
export function pickupAlternatives(
  line: DemandLine,
  store: KnownLocation | undefined,
  network: NetworkSnapshot,
  remaining: ReadonlyMap<string, number>,
  policy: SourcingPolicy,
): Alternative[] {
  if (!store) return [];
  return network.locations
    .filter(
      (l) => l.id !== store.id && offersPickup(l) && (remaining.get(l.id) ?? 0) >= 1 && canServe(line, l.id, network),
    )
    .map((l) => ({ locationId: l.id, name: l.name, distanceKm: Math.round(haversineKm(store, l) * 10) / 10 }))
    .filter((a) => a.distanceKm <= policy.alternativesRadiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.locationId.localeCompare(b.locationId))
    .slice(0, MAX_ALTERNATIVES);
}

export function planPickup(
  storeId: string | undefined,
  lines: readonly DemandLine[],
  network: NetworkSnapshot,
  remaining: Map<string, number>,
  policy: SourcingPolicy,
): PickupOutcome {
  const store = network.locations.find((l) => l.id === storeId);
  const problem = storeProblem(store, storeId, storeId ? (remaining.get(storeId) ?? 0) : 0, network);
  const assignments: Assignment[] = [];
  const unfulfillable: Unplaced[] = [];
  const left = new Map<string, number>();
  for (const line of lines) {
    const stockLeft = left.get(line.sku) ?? (store ? unitsAt(network.stock, line.sku, store.id) : 0);
    if (!problem && store && !line.excluded.includes(store.id) && stockLeft >= line.qty) {
      left.set(line.sku, stockLeft - line.qty);
      assignments.push({
        orderLineId: line.orderLineId,
        sku: line.sku,
        qty: line.qty,
        locationId: store.id,
        deliveryType: 'pickup',
      });
      continue;
    }
    const alternatives = pickupAlternatives(line, store, network, remaining, policy);
    unfulfillable.push({
      orderLineId: line.orderLineId,
      reason: problem ?? lineProblem(line, store as KnownLocation, network),
      alternatives,
    });
  }
  if (assignments.length && store) remaining.set(store.id, (remaining.get(store.id) ?? 0) - 1);
  const decision: GroupDecision = {
    key: `pickup@${storeId ?? '-'}`,
    deliveryType: 'pickup',
    lineIds: lines.map((l) => l.orderLineId),
    destination: store
      ? { known: true, lat: store.lat, lng: store.lng, basis: `pickup store ${store.id}` }
      : { known: false, basis: 'unknown pickup store' },
    candidates: store
      ? [
          {
            locationId: store.id,
            name: store.name,
            type: store.type,
            eligible: !problem,
            score: null,
            distanceKm: 0,
            parts: null,
            servableLineIds: assignments.map((a) => a.orderLineId),
            reasons: [problem ?? 'the store the customer chose'],
          },
        ]
      : [],
    chosen: assignments.length && store ? [store.id] : [],
    notes: unfulfillable.map((u) => `${u.orderLineId}: ${u.reason}`),
  };
  return { assignments, unfulfillable, decision };
}
