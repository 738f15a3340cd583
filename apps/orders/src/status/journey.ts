import { Injectable } from '@nestjs/common';
import type { Actor } from '@omni/contracts';
import { TransactionHost, unnestColumns } from '@omni/platform';
import { Order } from '../orders/order.entity';
import { OrderLine } from '../orders/order-line.entity';
import { OrderChanges } from './order-changes';
import { nextCancellation, nextLineStatus, rollUp, type Cancellation, type LineStatus } from './status.rules';

export interface LineTarget {
  orderLineId: string;
  /** Where the event says the line has got; absent for steps that only add to the timeline. */
  target?: LineStatus;
  reason?: string;
  /** A customer's cancel now requested of fulfilment, or refused by it, with why. */
  cancellation?: { status: Cancellation; reason: string | null };
}

/** One step of the journey, as told by one event. */
export interface JourneyStep {
  eventId: string;
  eventType: string;
  step: string;
  occurredAt: string;
  actor: Actor;
  lines: LineTarget[];
  locationId?: string;
  /** Set by fulfilment's events: the lines are now served by this fulfilment order at `locationId`. */
  fulfilmentOrderId?: string;
  detail?: Record<string, unknown>;
}

export interface OrderState {
  order: Order;
  lines: OrderLine[];
}

/**
 * Applies journey steps to an order: the one place line statuses change, the timeline grows and
 * the order's status is rolled up. Callers hold the order's row lock (lock()) for the whole
 * transaction, so steps arriving at once from several topics apply one after another.
 */
@Injectable()
export class Journey {
  constructor(
    private readonly tx: TransactionHost,
    private readonly changes: OrderChanges,
  ) {}

  async lock(orderId: string): Promise<OrderState | undefined> {
    const m = this.tx.manager;
    const order = await m.findOne(Order, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order) return undefined;
    const lines = await m.find(OrderLine, { where: { orderId }, order: { lineNo: 'ASC' } });
    return { order, lines };
  }

  /**
   * Records the step in the timeline, keyed by its event id, and moves the lines it names.
   * Returns the lines whose status changed, or undefined if this event was already recorded.
   */
  async advance(state: OrderState, step: JourneyStep): Promise<OrderLine[] | undefined> {
    const m = this.tx.manager;
    const known = new Set(state.lines.map((l) => l.id));
    const named = step.lines.filter((l) => known.has(l.orderLineId));
    const recorded: unknown[] = await m.query(
      `INSERT INTO order_timeline (order_id, event_id, event_type, step, line_ids, location_id, actor, occurred_at, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
      [
        state.order.id,
        step.eventId,
        step.eventType,
        step.step,
        named.map((l) => l.orderLineId),
        step.locationId ?? step.actor.locationId ?? null,
        JSON.stringify(step.actor),
        step.occurredAt,
        JSON.stringify(step.detail ?? {}),
      ],
    );
    if (!recorded.length) return undefined;
    // Reads waiting for this order (Prefer: wait) answer once the step is committed.
    this.tx.afterCommit(() => this.changes.changed(state.order.id));

    const changed: OrderLine[] = [];
    const rewritten: OrderLine[] = [];
    for (const { orderLineId, target, reason, cancellation: asked } of named) {
      const line = state.lines.find((l) => l.id === orderLineId) as OrderLine;
      const status = target ? nextLineStatus(line.status, target) : line.status;
      const moved = status !== line.status;
      // Fulfilment's events share one key (the order id) and so arrive in order: the latest fulfilment order wins (re-sourcing).
      const refulfilled = step.fulfilmentOrderId !== undefined && step.fulfilmentOrderId !== line.fulfilmentOrderId;
      const cancellation = nextCancellation(status, line.cancellation, asked?.status);
      const cancellationReason = cancellation === null ? null : asked ? asked.reason : line.cancellationReason;
      const cancelNoted = cancellation !== line.cancellation || cancellationReason !== line.cancellationReason;
      if (!moved && !refulfilled && !cancelNoted) continue;
      if (moved) Object.assign(line, { status, statusReason: reason ?? null });
      if (cancelNoted) Object.assign(line, { cancellation, cancellationReason });
      if (refulfilled)
        Object.assign(line, {
          fulfilmentOrderId: step.fulfilmentOrderId ?? null,
          fulfilmentLocationId: step.locationId ?? null,
        });
      rewritten.push(line);
      if (moved) changed.push(line);
    }

    const order = state.order;
    const joins = step.fulfilmentOrderId && step.locationId && !order.locationIds.includes(step.locationId);
    const locationIds = joins && step.locationId ? [...order.locationIds, step.locationId] : order.locationIds;
    const status = rollUp(state.lines.map((l) => l.status));
    if (rewritten.length || locationIds !== order.locationIds || status !== order.status) {
      Object.assign(order, { status, locationIds, updatedAt: new Date() });
      await this.save(order, rewritten);
    }
    return changed;
  }

  /** The lines and the order in one statement: a handler's round trips are most of its cost. */
  private async save(order: Order, lines: readonly OrderLine[]): Promise<void> {
    const u = unnestColumns(
      'u',
      {
        id: 'text',
        status: 'text',
        status_reason: 'text',
        fulfilment_order_id: 'text',
        fulfilment_location_id: 'text',
        cancellation: 'text',
        cancellation_reason: 'text',
      },
      lines.map((l) => ({
        id: l.id,
        status: l.status,
        status_reason: l.statusReason,
        fulfilment_order_id: l.fulfilmentOrderId,
        fulfilment_location_id: l.fulfilmentLocationId,
        cancellation: l.cancellation,
        cancellation_reason: l.cancellationReason,
      })),
      { from: 5 },
    );
    await this.tx.manager.query(
      `WITH lines AS (
         UPDATE order_lines l
         SET status = u.status, status_reason = u.status_reason, fulfilment_order_id = u.fulfilment_order_id, fulfilment_location_id = u.fulfilment_location_id,
             cancellation = u.cancellation, cancellation_reason = u.cancellation_reason
         FROM ${u.sql}
         WHERE l.id = u.id
       )
       UPDATE orders SET status = $1, location_ids = $2, updated_at = $3 WHERE id = $4`,
      [order.status, order.locationIds, order.updatedAt, order.id, ...u.params],
    );
  }
}
