import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AllocationRequested,
  CancelDecided,
  LinesUnfulfillable,
  SourcingDecided,
  type AllocatedV1,
  type AllocationRejectedV1,
  type CancelRequestedV1,
  type DiscrepancyDetectedV1,
  type OrderCancelledV1,
  type OrderPlacedV1,
  type SourcingTrigger,
} from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { AppConfig, TransactionHost } from '@omni/platform';
import { CapacityService } from '../capacity/capacity.service';
import { FulfilmentOrdersService } from '../fulfilment-orders/fulfilment-orders.service';
import { PickupsService } from '../pickups/pickups.service';
import { InventoryView } from '../projections/inventory-view';
import type { SourcingPlan, Unplaced } from '../sourcing/sourcing.model';
import { SourcingService } from '../sourcing/sourcing.service';
import { TaskStore } from '../tasks/task-store';
import { OrderLinesStore, type SourcingLine } from './order-lines.store';
import { shortAtOf, waitingForTheView, waitingForTheStore } from './waiting.rules';
import { allocationsToMove, decideCancel, movesAfterRejection, partitionByAttempts, type LineMove } from './saga.rules';

const NOTHING_PLANNED: SourcingPlan = { strategy: 'none', assignments: [], unfulfillable: [], groups: [] };
const key = (orderId: string, lineId: string) => `${orderId}\u0000${lineId}`;

/** The steps of ALLOCATION_SAGA (allocation.saga.ts). Each runs inside the caller's transaction (the event's with its inbox row, or the staff step's). */
@Injectable()
export class SagaService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly lines: OrderLinesStore,
    private readonly sourcing: SourcingService,
    private readonly capacity: CapacityService,
    private readonly fulfilmentOrders: FulfilmentOrdersService,
    private readonly pickups: PickupsService,
    private readonly config: AppConfig,
    private readonly view: InventoryView,
    private readonly tasks: TaskStore,
  ) {}

  sourceOrder(order: OrderPlacedV1): Promise<void> {
    return this.tx.run(async () => {
      // A re-published order-placed (new event id, same order) sources nothing twice.
      if (!(await this.lines.insertOrder(order)).length) return;
      const lines = order.lines.map((l) => ({
        orderLineId: l.orderLineId,
        sku: l.sku,
        qty: l.qty,
        delivery: l.delivery,
        excluded: [],
        attempts: 0,
      }));
      await this.sourceLines(order.orderId, order.holdId ?? null, lines, 'order-placed');
    });
  }

  /** open-fulfilment-orders: inventory allocated a request. Answers to a request already answered, or not ours, change nothing. */
  openFulfilmentOrders(answer: AllocatedV1): Promise<void> {
    return this.tx.run(async () => {
      const request = await this.lines.allocationAnswered(answer);
      if (!request) return;
      const deliveryOf = new Map(request.waiting.map((l) => [l.orderLineId, l.deliveryType]));
      // Lines cancelled meanwhile get no task; inventory releases them on the cancel's decision, which it read before this answer's request.
      const work = answer.lines.flatMap((a) => {
        const deliveryType = deliveryOf.get(a.orderLineId);
        return deliveryType ? [{ ...a, deliveryType }] : [];
      });
      if (!work.length) return this.capacity.giveBack(request.capacityClaims);
      await this.fulfilmentOrders.open(answer.orderId, answer.requestId, work, OrderLinesStore.allocatedFrom);
    });
  }

  /** Compensation of request-allocation: nothing was taken; give the capacity back and source again without the short locations. */
  afterRejection(answer: AllocationRejectedV1): Promise<void> {
    return this.tx.run(async () => {
      const request = await this.lines.rejectionAnswered(answer);
      if (!request) return;
      await this.capacity.giveBack(request.capacityClaims);
      if (answer.reason === 'order-cancelled')
        return this.lines.close(answer.orderId, undefined, 'cancelled', answer.requestId);
      const lineIds = await this.lines.backToSourcing(
        answer.orderId,
        movesAfterRejection(answer),
        ['requested'],
        answer.requestId,
      );
      await this.sourceAgain(answer.orderId, lineIds, 'allocation-rejected', answer);
    });
  }

  /** Compensation of open-fulfilment-orders: lines leave their location (and its task) and are sourced again without it. */
  sourceElsewhere(orderId: string, moves: readonly LineMove[], trigger: SourcingTrigger): Promise<void> {
    return this.tx.run(async () => {
      await this.fulfilmentOrders.detach(
        orderId,
        moves.map((mv) => mv.orderLineId),
        'moved',
        'cancelled',
        `lines moved elsewhere (${trigger})`,
      );
      const lineIds = await this.lines.backToSourcing(orderId, moves, ['allocated'], null);
      await this.sourceAgain(orderId, lineIds, trigger);
    });
  }

  /** A sale took promised stock: move the newest allocations there that are not picked yet, until the shortfall is covered. */
  afterDiscrepancy(d: DiscrepancyDetectedV1): Promise<void> {
    return this.tx.run(async () => {
      if (!d.allocations.length) return;
      const movable = new Set(
        (await this.lines.movableAt(d.locationId, d.allocations)).map((r) => key(r.orderId, r.orderLineId)),
      );
      const toMove = allocationsToMove(
        d.allocations.filter((a) => movable.has(key(a.orderId, a.orderLineId))),
        d.shortBy,
      );
      const byOrder = new Map<string, LineMove[]>();
      for (const a of toMove)
        byOrder.set(a.orderId, [
          ...(byOrder.get(a.orderId) ?? []),
          { orderLineId: a.orderLineId, excludeLocationId: d.locationId },
        ]);
      for (const [orderId, moves] of byOrder) await this.sourceElsewhere(orderId, moves, 'discrepancy-detected');
    });
  }

  /** Goods left (handed over or shipped): those lines are done. */
  goodsLeft(orderId: string, lineIds: readonly string[]): Promise<void> {
    return this.tx.run(() => this.lines.close(orderId, lineIds, 'fulfilled'));
  }

  /**
   * The customer's cancel: fulfilment holds the goods, so it decides. Under the order's task locks a
   * handover or shipment has either happened (those lines are refused) or can no longer happen (the
   * rest are cancelled, their tasks and pickups closed); orders and inventory act on the decision.
   */
  decideCancel(c: CancelRequestedV1): Promise<void> {
    return this.tx.run(async () => {
      await this.tasks.lockOf(c.orderId);
      const { cancelled, refused } = decideCancel(c.lineIds, await this.lines.statesOf(c.orderId, c.lineIds));
      if (cancelled.length) await this.closeLines(c.orderId, cancelled, c.reason ?? 'order cancelled');
      this.events.publish(CancelDecided, c.orderId, {
        orderId: c.orderId,
        cancelled,
        refused,
        ...(c.reason ? { reason: c.reason } : {}),
      });
    });
  }

  /** Lines orders closed itself (a no-show whose pickup fulfilment expired): whatever is still open for them closes. */
  closeCancelled(c: OrderCancelledV1): Promise<void> {
    return this.tx.run(async () => {
      await this.tasks.lockOf(c.orderId);
      await this.closeLines(c.orderId, c.lineIds, c.reason ?? 'order cancelled');
    });
  }

  /** Tasks locked first, as a task step takes them: a handover under way finishes before its lines are looked at. */
  private async closeLines(orderId: string, lineIds: readonly string[] | undefined, reason: string): Promise<void> {
    await this.lines.close(orderId, lineIds, 'cancelled');
    const closed = await this.fulfilmentOrders.detach(orderId, lineIds, 'cancelled', 'cancelled', reason);
    await this.pickups.cancel(closed);
  }

  /** A re-source round for lines put back to `sourcing`. */
  private async sourceAgain(
    orderId: string,
    lineIds: readonly string[],
    trigger: SourcingTrigger,
    rejected?: AllocationRejectedV1,
  ): Promise<void> {
    if (!lineIds.length) return;
    const { holdId, lines } = await this.lines.toSource(orderId, lineIds);
    if (lines.length) await this.sourceLines(orderId, holdId, lines, trigger, rejected);
  }

  /** Runs the rounds an order's waiting lines were waiting for, once they may be sourced (WaitingLines). */
  resumeWaiting(orderId: string): Promise<void> {
    return this.tx.run(async () => {
      const resumed = await this.lines.resume(orderId);
      for (const trigger of new Set(resumed.map((r) => r.trigger))) {
        await this.sourceAgain(
          orderId,
          resumed.filter((r) => r.trigger === trigger).map((r) => r.orderLineId),
          trigger,
        );
      }
    });
  }

  /** Steps wait, source, claim-capacity, request-allocation and give-up. */
  private async sourceLines(
    orderId: string,
    holdId: string | null,
    lines: readonly SourcingLine[],
    trigger: SourcingTrigger,
    rejected?: AllocationRejectedV1,
  ): Promise<void> {
    // A view still being rebuilt is no ground for any decision: the round runs once it has caught up.
    if (!this.view.caughtUp) return this.lines.wait(orderId, waitingForTheView(lines), trigger);
    const { live, spent } = partitionByAttempts(lines, this.config.SOURCING_MAX_ATTEMPTS);
    const shortAt = shortAtOf(rejected);
    const demand = live.map(({ attempts: _attempts, ...line }) => ({
      ...line,
      ...(shortAt.has(line.orderLineId) ? { shortAt: shortAt.get(line.orderLineId) } : {}),
    }));
    const { plan, claims, waiting } = demand.length
      ? await this.sourcing.decideAndClaim({ orderId, lines: demand }, holdId, new Date())
      : { plan: NOTHING_PLANNED, claims: [], waiting: [] };
    await this.lines.wait(orderId, waitingForTheStore(waiting), trigger);
    if (!plan.assignments.length && !plan.unfulfillable.length && !spent.length) return;
    const givenUp: Unplaced[] = spent.map((l) => ({
      orderLineId: l.orderLineId,
      reason: `no location could allocate it in ${l.attempts} sourcing rounds`,
    }));
    const requestId = plan.assignments.length ? randomUUID() : null;
    // The decision is written with the round's first write of its lines, in that statement.
    const decision = this.sourcing.decision(orderId, trigger, plan, requestId, givenUp);
    if (requestId) {
      const requested = plan.assignments.map(({ orderLineId, sku, qty, locationId }) => ({
        orderLineId,
        sku,
        qty,
        locationId,
      }));
      await this.lines.requested(orderId, requestId, requested, claims, decision.insert);
      this.events.publish(AllocationRequested, orderId, {
        orderId,
        requestId,
        lines: requested,
        ...(holdId ? { holdId } : {}),
      });
    }
    // A round that requested nothing has lines it gives up on (it returned above otherwise).
    const unfulfillable = [...plan.unfulfillable, ...givenUp];
    if (unfulfillable.length) {
      await this.lines.unfulfillable(orderId, unfulfillable, requestId ? undefined : decision.insert);
      this.events.publish(LinesUnfulfillable, orderId, {
        orderId,
        lines: unfulfillable.map(({ orderLineId, reason, alternatives }) => ({
          orderLineId,
          reason,
          ...(alternatives?.length ? { alternatives } : {}),
        })),
      });
    }
    this.events.publish(SourcingDecided, orderId, {
      orderId,
      decisionId: decision.id,
      trigger,
      ...(requestId ? { requestId } : {}),
      assigned: plan.assignments.map(({ orderLineId, sku, qty, locationId }) => ({
        orderLineId,
        sku,
        qty,
        locationId,
      })),
      unfulfillable: unfulfillable.map(({ orderLineId, reason }) => ({ orderLineId, reason })),
    });
  }
}
