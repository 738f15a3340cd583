import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OrderPlaced } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { requestContext, TransactionHost, type StatementPart } from '@omni/platform';
import { HoldsService } from '../holds/holds.service';
import { Journey, type OrderState } from '../status/journey';
import { placedEvent, stepOf } from './orders.service';
import { resolvePending } from './pending.rules';
import { PendingStore } from './pending-store';
import { PlacementFacts } from './placement-facts';

/**
 * The second half of placing an order that had to wait (status pending): once orders has heard of
 * the hold, pickup locations and SKUs it names, the order is placed (orders.order-placed, exactly as an
 * order placed at once) or rejected with the reason. Only ever decided from a caught-up view (the caller checks).
 */
@Injectable()
export class PendingOrders {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly journey: Journey,
    private readonly holds: HoldsService,
    private readonly waits: PendingStore,
    private readonly facts: PlacementFacts,
  ) {}

  /** `final`: what has still not arrived counts as never coming. Under the order's row lock, so a cancel and this take turns. */
  decide(orderId: string, final: boolean): Promise<void> {
    return this.tx.run(async () => {
      const state = await this.journey.lock(orderId, this.facts.waitsRead(orderId));
      // Waits name their order (a foreign key): an order not found has none.
      if (!state) return;
      const { waits, pickups, hold, skus } = this.facts.ofWaits(state.read, state.order.placedBy, new Date());
      if (!waits.length) return;
      if (state.order.status !== 'pending') return this.waits.clear(orderId);
      const resolution = resolvePending(pickups, hold, final, skus);
      if (resolution.outcome === 'wait') return;
      // The events it causes carry the placing request's correlation, as if placed at once.
      const context = { correlationId: waits[0].correlationId, causationId: null, actor: waits[0].actor };
      await requestContext.run(context, async () => {
        if (resolution.outcome === 'reject') return this.reject(state, resolution.reasons, this.waits.cleared(orderId));
        const envelope = this.events.publish(OrderPlaced, orderId, placedEvent(state.order, state.lines));
        await this.journey.advance(
          state,
          stepOf(
            envelope,
            'placed',
            state.lines.map((l) => ({ orderLineId: l.id, target: 'placed' })),
          ),
          ...(hold ? [this.holds.claim(hold.holdId, orderId)] : []),
          this.waits.cleared(orderId),
          ...this.events.alongside(),
        );
      });
    });
  }

  /** Never placed, so no other service knows it: the step is orders' own (no event), and the hold is free for another order. */
  private async reject(state: OrderState, reasons: readonly string[], cleared: StatementPart): Promise<void> {
    const reason = reasons.join('; ');
    const { actor } = requestContext.current();
    await this.journey.advance(
      state,
      {
        eventId: randomUUID(),
        eventType: 'orders.placement-rejected',
        step: 'rejected',
        occurredAt: new Date().toISOString(),
        actor,
        lines: state.lines.map((l) => ({ orderLineId: l.id, target: 'rejected', reason })),
        detail: { reasons },
      },
      cleared,
    );
    if (state.order.holdId)
      await this.tx.manager.query(`UPDATE orders SET hold_id = NULL WHERE id = $1`, [state.order.id]);
  }
}
