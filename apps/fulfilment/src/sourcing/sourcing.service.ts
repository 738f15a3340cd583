import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SourcingTrigger } from '@omni/contracts';
import {
  notFoundProblem,
  orderUnknownProblem,
  TransactionHost,
  type Principal,
  type StatementPart,
} from '@omni/platform';
import { CapacityService, type CapacityClaim } from '../capacity/capacity.service';
import { NetworkReader } from '../projections/network-reader';
import type { DryRunDto, SourcingHistoryView } from './dto/sourcing.dto';
import { planWithFallback } from './fallback.rules';
import { SourcingDecision } from './sourcing-decision.entity';
import type {
  NetworkSnapshot,
  SourcingPlan,
  SourcingPolicy,
  SourcingRequest,
  SourcingStrategy,
  Unplaced,
} from './sourcing.model';
import { SOURCING_POLICY, SOURCING_STRATEGY } from './sourcing.providers';

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/** A pickup line at a store this view does not know yet: it waits for the store's location. */
export interface WaitingLine {
  orderLineId: string;
  locationId: string;
}

/**
 * The limited locations a plan gives new work to, once per delivery group (one future fulfilment
 * order each). Locations without a daily limit are not counted: there is nothing to protect, and a
 * counter row every order of a busy store updates would serialise them all.
 */
function workloads(plan: SourcingPlan, network: NetworkSnapshot) {
  const zones = new Map(network.locations.map((l) => [l.id, l.timezone]));
  return plan.groups.flatMap((g) =>
    g.chosen
      .filter((locationId) => (network.capacity.get(locationId)?.limit ?? null) !== null)
      .map((locationId) => ({ locationId, timezone: zones.get(locationId) ?? 'UTC' })),
  );
}

function withClosed(network: NetworkSnapshot, closed: ReadonlySet<string>): NetworkSnapshot {
  if (!closed.size) return network;
  const capacity = new Map(network.capacity);
  for (const id of closed) capacity.set(id, { limit: null, used: 0, cutoff: null, ...capacity.get(id), full: true });
  return { ...network, capacity };
}

@Injectable()
export class SourcingService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly network: NetworkReader,
    private readonly capacity: CapacityService,
    @Inject(SOURCING_STRATEGY) private readonly strategy: SourcingStrategy,
    @Inject(SOURCING_POLICY) readonly policy: SourcingPolicy,
  ) {}

  /**
   * Plans and takes the capacity the plan needs, inside the caller's transaction. A location that
   * filled up since the snapshot (a concurrent order took its last slot) is treated as full and the
   * order planned again; each round closes at least one more location, so this ends.
   * Pickup lines at a store fulfilment has not heard of yet are not planned at all but answered as
   * `waiting`: the store is the customer's choice, and its absence here says only that its
   * location has not reached this view yet. Lines the view shows no stock for are still proposed
   * to inventory (planWithFallback), which decides.
   */
  decideAndClaim(
    request: SourcingRequest,
    holdId: string | null,
    now: Date,
  ): Promise<{ plan: SourcingPlan; claims: CapacityClaim[]; waiting: WaitingLine[] }> {
    return this.tx.run(async () => {
      const snapshot = await this.network.read(unique(request.lines.map((l) => l.sku)), holdId, now);
      const known = new Set(snapshot.locations.map((l) => l.id));
      const waiting = request.lines
        .filter((l) => l.delivery.type === 'pickup' && l.delivery.locationId && !known.has(l.delivery.locationId))
        .map((l) => ({ orderLineId: l.orderLineId, locationId: l.delivery.locationId as string }));
      const planned = waiting.length
        ? { ...request, lines: request.lines.filter((l) => !waiting.some((w) => w.orderLineId === l.orderLineId)) }
        : request;
      if (!planned.lines.length)
        return {
          plan: { strategy: this.strategy.name, assignments: [], unfulfillable: [], groups: [] },
          claims: [],
          waiting,
        };
      const closed = new Set<string>();
      for (;;) {
        const network = withClosed(snapshot, closed);
        const plan = planWithFallback(this.strategy, planned, network, this.policy, now);
        const { claims, refused } = await this.capacity.claim(workloads(plan, network), now);
        if (!refused.length) return { plan, claims, waiting };
        for (const id of refused) closed.add(id);
      }
    });
  }

  /**
   * A round's plan with its candidates, scores and reasons (and lines given up without a round), as
   * the INSERT that keeps it with its placeholders numbered from `from`: the saga sends it with the
   * round's own write of its lines, in that statement (a round trip less per round).
   */
  decision(
    orderId: string,
    trigger: SourcingTrigger,
    plan: SourcingPlan,
    requestId: string | null,
    givenUp: readonly Unplaced[],
  ): { id: string; insert: StatementPart } {
    const id = randomUUID();
    return {
      id,
      insert: (from) => ({
        sql: `INSERT INTO sourcing_decisions (id, order_id, trigger, strategy, request_id, assignments, unfulfillable, groups)
              VALUES (${Array.from({ length: 8 }, (_, i) => `$${from + i}`).join(', ')})`,
        params: [
          id,
          orderId,
          trigger,
          plan.strategy,
          requestId,
          JSON.stringify(plan.assignments),
          JSON.stringify([...plan.unfulfillable, ...givenUp]),
          JSON.stringify(plan.groups),
        ],
      }),
    };
  }

  /** The same question as a placed order, answered from the same projections, with no write at all. */
  async dryRun(body: DryRunDto, now: Date): Promise<SourcingPlan & { policy: SourcingPolicy }> {
    const lines = body.lines.map((l, i) => ({
      orderLineId: l.orderLineId ?? `line-${i + 1}`,
      sku: l.sku,
      qty: l.qty,
      delivery: l.delivery,
      excluded: body.excludeLocationIds ?? [],
    }));
    const network = await this.network.read(unique(lines.map((l) => l.sku)), body.holdId ?? null, now);
    return {
      ...planWithFallback(this.strategy, { orderId: 'dry-run', lines }, network, this.policy, now),
      policy: this.policy,
    };
  }

  /** A channel client sees only its own channel's orders: another channel's is "not yours", one not heard of yet "not yet". */
  async history(orderId: string, principal: Principal): Promise<SourcingHistoryView> {
    const m = this.tx.manager;
    const [order] = (await m.query(`SELECT channel FROM sourced_orders WHERE order_id = $1`, [orderId])) as Array<{
      channel: string;
    }>;
    if (!order) throw orderUnknownProblem(orderId, 'fulfilment');
    if (principal.role === 'channel' && principal.channel !== order.channel)
      throw notFoundProblem('sourced order', orderId);
    const lines = (await m.query(
      `SELECT order_line_id AS "orderLineId", sku, qty, delivery->>'type' AS "deliveryType", status, location_id AS "locationId",
              fulfilment_order_id AS "fulfilmentOrderId", attempts, excluded AS "excludedLocationIds", reason
       FROM order_lines WHERE order_id = $1 ORDER BY line_no`,
      [orderId],
    )) as SourcingHistoryView['lines'];
    const decisions = await m.find(SourcingDecision, { where: { orderId }, order: { decidedAt: 'ASC' } });
    return {
      orderId,
      lines,
      decisions: decisions.map((d) => ({
        id: d.id,
        trigger: d.trigger,
        strategy: d.strategy,
        requestId: d.requestId,
        decidedAt: d.decidedAt.toISOString(),
        assignments: d.assignments,
        unfulfillable: d.unfulfillable,
        groups: d.groups,
      })),
    };
  }
}
