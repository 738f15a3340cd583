import { Injectable } from '@nestjs/common';
import {
  Allocated,
  AllocationRejected,
  AllocationReleased,
  type AllocatedV1,
  type AllocationRejectedV1,
  type AllocationRejectionReason,
  type AllocationRequestedV1,
} from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { TransactionHost } from '@omni/platform';
import { HoldChangelog } from '../holds/hold-changelog';
import { LocationDirectory } from '../locations/location-directory';
import { LevelStore, type LevelRow } from '../stock/level-store';
import { levelKey } from '../stock/stock.rules';
import { AllocationStore, type AllocationRow } from './allocation-store';
import { planAllocation, planFromHoldAlone, type Demand, type Take } from './allocations.rules';

/**
 * Inventory's side of the order journey: allocate (all or nothing, converting the cart hold first),
 * release when a line ends without its goods leaving (cancelled, unfulfillable). Called by event
 * handlers inside their transaction; natural keys (one allocation per order line, one answer per
 * request, one tombstone per ended line) keep a re-sent event from taking or giving back stock twice.
 */
@Injectable()
export class AllocationsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly levels: LevelStore,
    private readonly store: AllocationStore,
    private readonly locations: LocationDirectory,
    private readonly holdChangelog: HoldChangelog,
  ) {}

  allocate(request: AllocationRequestedV1): Promise<void> {
    return this.tx.run(async () => {
      // Under the order's lock, a cancel or give-up either committed before (its tombstone is seen
      // below) or waits and then releases what this commits: the two never both win.
      await this.store.lockOrder(request.orderId);
      const prior = await this.store.priorAnswer(request.orderId, request.requestId);
      if (prior)
        return this.answer(
          prior.outcome === 'allocated'
            ? { allocated: prior.answer as AllocatedV1 }
            : { rejected: prior.answer as AllocationRejectedV1 },
        );
      // Lines that ended are no longer asked for; the others are still served all or nothing.
      const closed = await this.store.closedLines(
        request.orderId,
        request.lines.map((l) => l.orderLineId),
      );
      const wanted: AllocationRequestedV1 = closed.size
        ? { ...request, lines: request.lines.filter((l) => !closed.has(l.orderLineId)) }
        : request;
      if (!wanted.lines.length) return this.reject(request, 'order-cancelled', new Map());
      if (wanted.lines.some((l) => !this.locations.get(l.locationId)))
        return this.reject(wanted, 'unknown-location', new Map());

      // Lock order everywhere: the order, then holds, then allocations, then levels.
      const hold = wanted.holdId ? await this.store.lockLiveHold(wanted.holdId) : null;
      const existing = await this.store.lockLines(
        wanted.orderId,
        wanted.lines.map((l) => l.orderLineId),
      );
      // A line already allocated where it is asked for is kept; one allocated elsewhere moves (re-sourcing).
      const kept = wanted.lines.filter((l) => isSame(existing.get(l.orderLineId), l));
      const demands: Demand[] = wanted.lines.filter((l) => !kept.includes(l));
      const moving = demands
        .map((d) => existing.get(d.orderLineId))
        .filter((a): a is AllocationRow => !!a && a.reserved > 0);

      const held = new Map<string, number>();
      for (const l of hold?.lines ?? [])
        held.set(levelKey(l.sku, l.locationId), (held.get(levelKey(l.sku, l.locationId)) ?? 0) + l.reserved);
      // A hold that covers the order exactly only changes whom its units are reserved for: no level's
      // figures move, so their rows (a flash sale's one hot row, where every new hold queues) are not locked.
      const fromHold = moving.length ? null : planFromHoldAlone(demands, held);
      const locked = fromHold
        ? new Map<string, LevelRow>()
        : await this.levels.lock([...demands, ...moving, ...(hold?.lines ?? [])]);
      const figures = new Map(locked);
      for (const a of moving) shift(figures, a.sku, a.locationId, -a.reserved);

      const plan = fromHold ?? planAllocation(demands, figures, held);
      if (!plan.ok) {
        const available = new Map(
          plan.lines.map((l) => [l.orderLineId, { available: l.available, shortfall: l.shortfall }]),
        );
        return this.reject(wanted, 'insufficient-stock', available);
      }
      for (const t of plan.takes) shift(figures, t.sku, t.locationId, t.fromStock);
      for (const [key, qty] of plan.leftover) shiftKey(figures, key, -qty);
      await this.levels.write(
        [...figures.values()].filter((f) => changed(f, locked.get(levelKey(f.sku, f.locationId)))),
      );
      await this.store.saveAllocations(wanted, plan.takes);
      if (hold) {
        await this.store.convertHold(hold.id);
        // The hold's changelog record says converted, so a view rebuilt later never sees it active.
        await this.holdChangelog.publishCurrent([hold.id]);
      }

      const lines = [
        ...kept.map((l) => ({ ...l, qty: (existing.get(l.orderLineId) as AllocationRow).qty })),
        ...plan.takes.map(lineOf),
      ];
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

  /**
   * An order's lines (all of them when `lineIds` is undefined) ended without their goods leaving:
   * cancelled by orders, or given up by fulfilment. Their tombstone turns away later requests and
   * whatever they still reserve is released, once: a line already released reserves nothing.
   */
  close(orderId: string, lineIds: readonly string[] | undefined, reason: LineClosure): Promise<void> {
    return this.tx.run(async () => {
      await this.store.lockOrder(orderId);
      await this.store.recordClosure(orderId, lineIds, reason);
      const released = await this.store.releaseLines(orderId, lineIds);
      if (!released.length) return;
      await this.levels.shiftReserved(
        released.map((a) => ({ sku: a.sku, locationId: a.locationId, reservedDelta: -a.reserved })),
      );
      this.events.publish(AllocationReleased, orderId, {
        orderId,
        reason,
        lines: released.map((a) => ({
          orderLineId: a.orderLineId,
          sku: a.sku,
          locationId: a.locationId,
          qty: a.reserved,
        })),
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
        const f = figures.get(l.orderLineId) ?? {
          available: reason === 'insufficient-stock' ? l.qty : 0,
          shortfall: reason === 'insufficient-stock' ? 0 : l.qty,
        };
        return {
          orderLineId: l.orderLineId,
          sku: l.sku,
          locationId: l.locationId,
          requested: l.qty,
          available: f.available,
          shortfall: f.shortfall,
        };
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

/** Why an order line ended without its goods leaving; also the reason of its allocation-released. */
export type LineClosure = 'order-cancelled' | 'unfulfillable';

const isSame = (a: AllocationRow | undefined, l: Demand) =>
  !!a && a.status === 'allocated' && a.locationId === l.locationId && a.sku === l.sku && a.qty === l.qty;
const lineOf = (t: Take) => ({ orderLineId: t.orderLineId, sku: t.sku, locationId: t.locationId, qty: t.qty });
const changed = (a: LevelRow, b: LevelRow | undefined) => !b || a.reserved !== b.reserved;

function shift(figures: Map<string, LevelRow>, sku: string, locationId: string, delta: number): void {
  shiftKey(figures, levelKey(sku, locationId), delta);
}

function shiftKey(figures: Map<string, LevelRow>, key: string, delta: number): void {
  const level = figures.get(key);
  if (level && delta !== 0) figures.set(key, { ...level, reserved: level.reserved + delta });
}
