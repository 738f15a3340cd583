// Fulfilment proposes, inventory decides (docs/architecture.md, "A projection never decides"). Fulfilment's
// stock figures are a projection: "no stock anywhere" in it is a guess, not a reason to give up.
import {
  unitsAt,
  type DemandLine,
  type NetworkSnapshot,
  type SourcingPlan,
  type SourcingPolicy,
  type SourcingRequest,
  type SourcingStrategy,
} from './sourcing.model';

export const UNCONFIRMED_NOTE =
  "fulfilment's view shows too little sellable stock for these lines: inventory is asked at the best eligible location, and decides";

/** The network with every location holding at least the lines' units: only what fulfilment owns (eligibility, capacity, failures) still decides. */
export function assumeStocked(network: NetworkSnapshot, lines: readonly DemandLine[]): NetworkSnapshot {
  const wanted = new Map<string, number>();
  for (const l of lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.qty);
  const stock = new Map([...network.stock].map(([sku, at]) => [sku, new Map(at)]));
  for (const [sku, qty] of wanted) {
    const at = stock.get(sku) ?? new Map<string, number>();
    for (const location of network.locations)
      at.set(location.id, Math.max(unitsAt(network.stock, sku, location.id), qty));
    stock.set(sku, at);
  }
  return { ...network, stock };
}

/**
 * Plans with the strategy; the lines it leaves unplaced are planned again as if every location had
 * their units, so each goes to the best location eligible on everything fulfilment does own
 * (capabilities, distance, capacity, cut-off, the locations that already failed the line), and
 * inventory allocates or refuses there. Only what even that leaves unplaced is unfulfillable: a line
 * no eligible location may serve, or one that every eligible location has already failed (each
 * refusal by inventory excludes that location). The reasons are those of the first plan.
 */
export function planWithFallback(
  strategy: SourcingStrategy,
  request: SourcingRequest,
  network: NetworkSnapshot,
  policy: SourcingPolicy,
  now: Date,
): SourcingPlan {
  const first = strategy.plan(request, network, policy, now);
  if (!first.unfulfillable.length) return first;
  const unplaced = new Map(first.unfulfillable.map((u) => [u.orderLineId, u]));
  const lines = request.lines.filter((l) => unplaced.has(l.orderLineId));
  const second = strategy.plan({ orderId: request.orderId, lines }, assumeStocked(network, lines), policy, now);
  return {
    strategy: first.strategy,
    assignments: [...first.assignments, ...second.assignments],
    unfulfillable: second.unfulfillable.map((u) => unplaced.get(u.orderLineId) ?? u),
    groups: [
      ...first.groups,
      ...second.groups
        .filter((g) => g.chosen.length)
        .map((g) => ({ ...g, key: `${g.key}:unconfirmed`, notes: [UNCONFIRMED_NOTE, ...g.notes] })),
    ],
  };
}
