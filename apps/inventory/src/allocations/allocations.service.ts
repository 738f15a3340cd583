import { Injectable } from '@nestjs/common';
import {
  Allocated,
  AllocationRejected,
  AllocationReleased,
  type AllocatedV1,
  type AllocationRejectedV1,
  type AllocationRejectionReason,
  type AllocationRequestedV1,
  type OrderCancelledV1,
} from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { TransactionHost } from '@omni/platform';
import { LocationDirectory } from '../locations/location-directory';
import { LevelStore, type LevelRow } from '../stock/level-store';
import { levelKey } from '../stock/stock.rules';
import { AllocationStore, type AllocationRow } from './allocation-store';
import { planAllocation, type Demand, type Take } from './allocations.rules';

/**
 * Inventory's side of the order journey: allocate (all or nothing, converting the cart hold first),
 * release at cancellation. Called by event handlers inside their transaction; natural keys
 * (one allocation per order line, one answer per request) keep a re-sent request from taking stock twice.
 */
@Injectable()
export class AllocationsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly levels: LevelStore,
    private readonly store: AllocationStore,
    private readonly locations: LocationDirectory,
  ) {}

  allocate(request: AllocationRequestedV1): Promise<void> {
    return this.tx.run(async () => {
      const prior = await this.store.priorAnswer(request.orderId, request.requestId);
      if (prior) return this.answer(prior.outcome === 'allocated' ? { allocated: prior.answer as AllocatedV1 } : { rejected: prior.answer as AllocationRejectedV1 });
      if (await this.store.isCancelled(request.orderId, request.lines.map((l) => l.orderLineId))) {
        return this.reject(request, 'order-cancelled', new Map());
      }
      if (request.lines.some((l) => !this.locations.get(l.locationId))) return this.reject(request, 'unknown-location', new Map());

      // Lock order everywhere: holds, then allocations, then levels.
      const hold = request.holdId ? await this.store.lockLiveHold(request.holdId) : null;
      const existing = await this.store.lockLines(request.orderId, request.lines.map((l) => l.orderLineId));
      // A line already allocated where it is asked for is kept; one allocated elsewhere moves (re-sourcing).
      const kept = request.lines.filter((l) => isSame(existing.get(l.orderLineId), l));
      const demands: Demand[] = request.lines.filter((l) => !kept.includes(l));
      const moving = demands.map((d) => existing.get(d.orderLineId)).filter((a): a is AllocationRow => !!a && a.reserved > 0);

      const locked = await this.levels.lock([...demands, ...moving, ...(hold?.lines ?? [])]);
      const figures = new Map(locked);
      for (const a of moving) shift(figures, a.sku, a.locationId, -a.reserved);
      const held = new Map<string, number>();
      for (const l of hold?.lines ?? []) held.set(levelKey(l.sku, l.locationId), (held.get(levelKey(l.sku, l.locationId)) ?? 0) + l.reserved);

      const plan = planAllocation(demands, figures, held);
      if (!plan.ok) {
        const available = new Map(plan.lines.map((l) => [l.orderLineId, { available: l.available, shortfall: l.shortfall }]));
        return this.reject(request, 'insufficient-stock', available);
      }
      for (const t of plan.takes) shift(figures, t.sku, t.locationId, t.fromStock);
      for (const [key, qty] of plan.leftover) shiftKey(figures, key, -qty);
      await this.levels.write([...figures.values()].filter((f) => changed(f, locked.get(levelKey(f.sku, f.locationId)))));
      await this.store.saveAllocations(request, plan.takes);
      if (hold) await this.store.convertHold(hold.id);

      const lines = [...kept.map((l) => ({ ...l, qty: (existing.get(l.orderLineId) as AllocationRow).qty })), ...plan.takes.map(lineOf)];
      const allocated: AllocatedV1 = {
        orderId: request.orderId,
        requestId: request.requestId,
        ...(hold ? { holdId: hold.id } : {}),
        lines: lines.map(({ orderLineId, sku, locationId, qty }) => ({ orderLineId, sku, locationId, qty })),
      };
      await this.store.recordAnswer(request.orderId, request.requestId, 'allocated', allocated);
      this.answer({ allocated });
    });
  }

  /** Releases what the cancelled lines (or the whole order) still reserve, and remembers the cancellation for late requests. */
  release(data: OrderCancelledV1): Promise<void> {
    return this.tx.run(async () => {
      await this.store.recordCancellation(data.orderId, data.lineIds);
      const released = await this.store.releaseLines(data.orderId, data.lineIds);
      if (!released.length) return;
      await this.levels.shiftReserved(released.map((a) => ({ sku: a.sku, locationId: a.locationId, reservedDelta: -a.reserved })));
      this.events.publish(AllocationReleased, data.orderId, {
        orderId: data.orderId,
        reason: 'order-cancelled',
        lines: released.map((a) => ({ orderLineId: a.orderLineId, sku: a.sku, locationId: a.locationId, qty: a.reserved })),
      });
    });
  }

  private async reject(
    request: AllocationRequestedV1,
    reason: AllocationRejectionReason,
    figures: Map<string, { available: number; shortfall: number }>,
  ): Promise<void> {
    const rejected: AllocationRejectedV1 = {
      orderId: request.orderId,
      requestId: request.requestId,
      reason,
      lines: request.lines.map((l) => {
        const f = figures.get(l.orderLineId) ?? { available: reason === 'insufficient-stock' ? l.qty : 0, shortfall: reason === 'insufficient-stock' ? 0 : l.qty };
        return { orderLineId: l.orderLineId, sku: l.sku, locationId: l.locationId, requested: l.qty, available: f.available, shortfall: f.shortfall };
      }),
    };
    await this.store.recordAnswer(request.orderId, request.requestId, 'rejected', rejected);
    this.answer({ rejected });
  }

  private answer(answer: { allocated: AllocatedV1 } | { rejected: AllocationRejectedV1 }): void {
    if ('allocated' in answer) this.events.publish(Allocated, answer.allocated.orderId, answer.allocated);
    else this.events.publish(AllocationRejected, answer.rejected.orderId, answer.rejected);
  }
}

const isSame = (a: AllocationRow | undefined, l: Demand) => !!a && a.status === 'allocated' && a.locationId === l.locationId && a.sku === l.sku && a.qty === l.qty;
const lineOf = (t: Take) => ({ orderLineId: t.orderLineId, sku: t.sku, locationId: t.locationId, qty: t.qty });
const changed = (a: LevelRow, b: LevelRow | undefined) => !b || a.reserved !== b.reserved;

function shift(figures: Map<string, LevelRow>, sku: string, locationId: string, delta: number): void {
  shiftKey(figures, levelKey(sku, locationId), delta);
}

function shiftKey(figures: Map<string, LevelRow>, key: string, delta: number): void {
  const level = figures.get(key);
  if (level && delta !== 0) figures.set(key, { ...level, reserved: level.reserved + delta });
}
