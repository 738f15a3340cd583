// The default sourcing strategy: pickup lines at the chosen store; ship and same-day lines from the
// fewest eligible locations (up to maxSplits), and among equally few, the best scored (distance,
// stock, capacity, the order's cart hold). Pure: the snapshot and the clock come in as arguments.
import { remainingCapacity } from '../capacity/capacity.rules';
import { canServe, capacityOf, scoreCandidate, type DeliveryGroup } from './candidates.rules';
import { placeAddress } from './geo.rules';
import { planPickup } from './pickup-sourcing.rules';
import {
  unitsAt,
  type Assignment,
  type CandidateScore,
  type DemandLine,
  type GroupDecision,
  type NetworkSnapshot,
  type SourcingPlan,
  type SourcingPolicy,
  type SourcingRequest,
  type SourcingStrategy,
  type Unplaced,
} from './sourcing.model';

/** The best candidates searched exhaustively for the fewest splits: C(8,1..3) = 92 combinations at most by default. */
export const SEARCH_WIDTH = 8;
/** Candidates stored with a decision (eligible first): enough to explain it, small enough to keep. */
export const RECORDED_CANDIDATES = 20;

interface Cover {
  locations: CandidateScore[];
  byLine: Map<string, string>;
  coveredUnits: number;
  value: number;
}

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++)
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i], ...rest];
}

/** Gives each line (largest first) to the best scored location of the set that still has its units. */
function cover(lines: readonly DemandLine[], set: readonly CandidateScore[], network: NetworkSnapshot): Cover {
  const ranked = [...set].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const used = new Map<string, number>();
  const byLine = new Map<string, string>();
  let coveredUnits = 0;
  let weighted = 0;
  for (const line of [...lines].sort((a, b) => b.qty - a.qty || a.orderLineId.localeCompare(b.orderLineId))) {
    const at = ranked.find((c) => {
      const key = `${line.sku}\u0000${c.locationId}`;
      return (
        canServe(line, c.locationId, network) &&
        unitsAt(network.stock, line.sku, c.locationId) - (used.get(key) ?? 0) >= line.qty
      );
    });
    if (!at) continue;
    const key = `${line.sku}\u0000${at.locationId}`;
    used.set(key, (used.get(key) ?? 0) + line.qty);
    byLine.set(line.orderLineId, at.locationId);
    coveredUnits += line.qty;
    weighted += line.qty * (at.score ?? 0);
  }
  const locations = set.filter((c) => [...byLine.values()].includes(c.locationId));
  return { locations, byLine, coveredUnits, value: coveredUnits ? weighted / coveredUnits : 0 };
}

const better = (a: Cover, b: Cover | null) =>
  !b ||
  a.coveredUnits > b.coveredUnits ||
  (a.coveredUnits === b.coveredUnits &&
    (a.locations.length < b.locations.length || (a.locations.length === b.locations.length && a.value > b.value)));

/** The smallest set of locations that covers every line, else the best partial cover within maxSplits. */
export function bestCover(
  lines: readonly DemandLine[],
  eligible: readonly CandidateScore[],
  network: NetworkSnapshot,
  maxSplits: number,
): Cover | null {
  const units = lines.reduce((s, l) => s + l.qty, 0);
  const top = [...eligible]
    .sort(
      (a, b) =>
        b.servableLineIds.length - a.servableLineIds.length ||
        (b.score ?? 0) - (a.score ?? 0) ||
        a.locationId.localeCompare(b.locationId),
    )
    .slice(0, SEARCH_WIDTH);
  let best: Cover | null = null;
  for (let size = 1; size <= Math.min(maxSplits, top.length); size++) {
    for (const set of combinations(top, size)) {
      const c = cover(lines, set, network);
      if (better(c, best)) best = c;
    }
    if (best && best.coveredUnits === units) return best;
  }
  return best;
}

function deliveryGroupKey(line: DemandLine): string {
  const a = line.delivery.address;
  return `${line.delivery.type}:${a ? `${a.country}:${a.postalCode.toUpperCase().replace(/\s/g, '')}:${a.line1}` : '-'}`;
}

function unplacedReason(line: DemandLine, candidates: readonly CandidateScore[], maxSplits: number): string {
  if (candidates.some((c) => c.eligible && c.servableLineIds.includes(line.orderLineId))) {
    return `serving it would split the order over more than ${maxSplits} locations`;
  }
  const kind = line.delivery.type === 'same_day' ? 'same-day' : 'ship-from';
  const excluded = line.excluded.length ? ` (already failed at ${line.excluded.join(', ')})` : '';
  return `no eligible ${kind} location has ${line.qty} x ${line.sku} sellable${excluded}`;
}

function planDelivery(
  group: DeliveryGroup,
  key: string,
  network: NetworkSnapshot,
  remaining: Map<string, number>,
  policy: SourcingPolicy,
  now: Date,
) {
  const candidates = network.locations.map((l) =>
    scoreCandidate(l, group, network, remaining.get(l.id) ?? 0, policy, now),
  );
  const eligible = candidates.filter((c) => c.eligible);
  const best = bestCover(group.lines, eligible, network, policy.maxSplits);
  const assignments: Assignment[] = [];
  const unfulfillable: Unplaced[] = [];
  for (const line of group.lines) {
    const locationId = best?.byLine.get(line.orderLineId);
    if (locationId)
      assignments.push({
        orderLineId: line.orderLineId,
        sku: line.sku,
        qty: line.qty,
        locationId,
        deliveryType: group.deliveryType,
      });
    else
      unfulfillable.push({ orderLineId: line.orderLineId, reason: unplacedReason(line, candidates, policy.maxSplits) });
  }
  const chosen = best?.locations.map((c) => c.locationId) ?? [];
  for (const id of chosen) remaining.set(id, (remaining.get(id) ?? 0) - 1);
  const recorded = [...candidates]
    .sort(
      (a, b) =>
        Number(b.eligible) - Number(a.eligible) ||
        (b.score ?? -1) - (a.score ?? -1) ||
        a.locationId.localeCompare(b.locationId),
    )
    .slice(0, RECORDED_CANDIDATES);
  const decision: GroupDecision = {
    key,
    deliveryType: group.deliveryType,
    lineIds: group.lines.map((l) => l.orderLineId),
    destination: group.destination,
    candidates: recorded,
    chosen,
    notes: [
      `${chosen.length} location(s) for ${assignments.length} of ${group.lines.length} lines (fewest splits first, max ${policy.maxSplits})`,
      ...unfulfillable.map((u) => `${u.orderLineId}: ${u.reason}`),
    ],
  };
  return { assignments, unfulfillable, decision };
}

export class NearestStockedStrategy implements SourcingStrategy {
  readonly name = 'nearest-stocked/v1';

  plan(request: SourcingRequest, network: NetworkSnapshot, policy: SourcingPolicy, now: Date): SourcingPlan {
    const remaining = new Map(network.locations.map((l) => [l.id, remainingCapacity(capacityOf(network, l.id))]));
    const plan: SourcingPlan = { strategy: this.name, assignments: [], unfulfillable: [], groups: [] };
    const add = (outcome: { assignments: Assignment[]; unfulfillable: Unplaced[]; decision: GroupDecision }) => {
      plan.assignments.push(...outcome.assignments);
      plan.unfulfillable.push(...outcome.unfulfillable);
      plan.groups.push(outcome.decision);
    };
    // Pickups first: their store is fixed, so they get first call on its capacity.
    const pickups = groupBy(
      request.lines.filter((l) => l.delivery.type === 'pickup'),
      (l) => l.delivery.locationId ?? '',
    );
    for (const [storeId, lines] of pickups) add(planPickup(storeId || undefined, lines, network, remaining, policy));
    // Same-day before ship: it has fewer possible locations.
    for (const type of ['same_day', 'ship'] as const) {
      for (const [key, lines] of groupBy(
        request.lines.filter((l) => l.delivery.type === type),
        deliveryGroupKey,
      )) {
        const destination = placeAddress(lines[0].delivery.address, network.locations);
        add(planDelivery({ deliveryType: type, lines, destination }, key, network, remaining, policy, now));
      }
    }
    return plan;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
