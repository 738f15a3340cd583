import { Injectable } from '@nestjs/common';
import type { Actor } from '@omni/contracts';
import { entitiesFromJson, queryRows, TransactionHost, unnestColumns, type StatementPart } from '@omni/platform';
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

/** A read (an SQL expression, its placeholders from `from` on) that rides on the statement reading a locked order's lines. */
export type LockedRead = (from: number) => { sql: string; params: unknown[] };

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

  /**
   * Locks the order's row, then reads its lines: two statements, so that the lines are read after
   * the lock is granted (a statement's snapshot is taken before it waits for a lock). `alongside`: a
   * read of the caller's that may ride on the lines' statement, answered as `read`.
   */
  async lock(orderId: string, alongside?: LockedRead): Promise<(OrderState & { read?: unknown }) | undefined> {
    const m = this.tx.manager;
    const order = await m.findOne(Order, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order) return undefined;
    const extra = alongside?.(2);
    const [row] = await queryRows<{ lines: Record<string, unknown>[]; read: unknown }>(
      m,
      `SELECT (SELECT coalesce(json_agg(l ORDER BY l.line_no), '[]') FROM order_lines l WHERE l.order_id = $1) AS lines,
              ${extra ? extra.sql : 'NULL'} AS read`,
      [orderId, ...(extra?.params ?? [])],
    );
    return { order, lines: entitiesFromJson(m, OrderLine, row.lines), read: row.read };
  }

  /**
   * Records the step in the timeline, keyed by its event id, and moves the lines it names, in one
   * statement: the moves are written only if the timeline took the step. `alongside`: writes of the
   * same transaction that ride on that statement (they run whether or not the step was new).
   * Returns the lines whose status changed, or undefined if this event was already recorded.
   */
  async advance(state: OrderState, step: JourneyStep, ...alongside: StatementPart[]): Promise<OrderLine[] | undefined> {
    const known = new Set(state.lines.map((l) => l.id));
    const named = step.lines.filter((l) => known.has(l.orderLineId));
    const moves = movesOf(state, step, named);
    const params: unknown[] = [
      state.order.id,
      step.eventId,
      step.eventType,
      step.step,
      named.map((l) => l.orderLineId),
      step.locationId ?? step.actor.locationId ?? null,
      JSON.stringify(step.actor),
      step.occurredAt,
      JSON.stringify(step.detail ?? {}),
    ];
    const parts = [
      `recorded AS (INSERT INTO order_timeline (order_id, event_id, event_type, step, line_ids, location_id, actor, occurred_at, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (event_id) DO NOTHING RETURNING seq)`,
    ];
    const part = (write: StatementPart) => {
      const { sql, params: more } = write(params.length + 1);
      params.push(...more);
      parts.push(`w${parts.length} AS (${sql})`);
    };
    if (moves.lines.length) part(linesIfRecorded(moves.lines));
    if (moves.order) part(orderIfRecorded(moves.order));
    alongside.forEach(part);
    const [{ recorded }] = await queryRows<{ recorded: boolean }>(
      this.tx.manager,
      `WITH ${parts.join(', ')} SELECT EXISTS (SELECT 1 FROM recorded) AS recorded`,
      params,
    );
    if (!recorded) return undefined;
    // Reads waiting for this order (Prefer: wait) answer once the step is committed.
    this.tx.afterCommit(() => this.changes.changed(state.order.id));
    for (const { line, patch } of moves.lines) Object.assign(line, patch);
    if (moves.order) Object.assign(state.order, moves.order);
    return moves.lines.filter((m) => m.moved).map((m) => m.line);
  }
}

interface LineMove {
  line: OrderLine;
  patch: Partial<OrderLine>;
  moved: boolean;
}

/** What a step changes, computed without touching `state`: it applies only if the timeline takes the step. */
function movesOf(
  state: OrderState,
  step: JourneyStep,
  named: readonly LineTarget[],
): { lines: LineMove[]; order: Pick<Order, 'id' | 'status' | 'locationIds' | 'updatedAt'> | null } {
  const lines: LineMove[] = [];
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
    const patch: Partial<OrderLine> = {
      ...(moved ? { status, statusReason: reason ?? null } : {}),
      ...(cancelNoted ? { cancellation, cancellationReason } : {}),
      ...(refulfilled
        ? { fulfilmentOrderId: step.fulfilmentOrderId ?? null, fulfilmentLocationId: step.locationId ?? null }
        : {}),
    };
    lines.push({ line, patch, moved });
  }

  const order = state.order;
  const joins = step.fulfilmentOrderId && step.locationId && !order.locationIds.includes(step.locationId);
  const locationIds = joins && step.locationId ? [...order.locationIds, step.locationId] : order.locationIds;
  const patched = new Map(lines.map((m) => [m.line, m.patch]));
  const status = rollUp(state.lines.map((l) => patched.get(l)?.status ?? l.status));
  const changes = lines.length || locationIds !== order.locationIds || status !== order.status;
  return { lines, order: changes ? { id: order.id, status, locationIds, updatedAt: new Date() } : null };
}

/** The lines' moves, written only if the step was new (the host statement's `recorded`). */
function linesIfRecorded(moves: readonly LineMove[]): StatementPart {
  return (from) => {
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
      moves.map(({ line, patch }) => {
        const l = { ...line, ...patch };
        return {
          id: l.id,
          status: l.status,
          status_reason: l.statusReason,
          fulfilment_order_id: l.fulfilmentOrderId,
          fulfilment_location_id: l.fulfilmentLocationId,
          cancellation: l.cancellation,
          cancellation_reason: l.cancellationReason,
        };
      }),
      { from },
    );
    return {
      sql: `UPDATE order_lines l
            SET status = u.status, status_reason = u.status_reason, fulfilment_order_id = u.fulfilment_order_id,
                fulfilment_location_id = u.fulfilment_location_id, cancellation = u.cancellation, cancellation_reason = u.cancellation_reason
            FROM ${u.sql}
            WHERE l.id = u.id AND EXISTS (SELECT 1 FROM recorded)`,
      params: u.params,
    };
  };
}

/** The order's rolled-up status, written only if the step was new. */
function orderIfRecorded(order: Pick<Order, 'id' | 'status' | 'locationIds' | 'updatedAt'>): StatementPart {
  return (from) => ({
    sql: `UPDATE orders SET status = $${from}, location_ids = $${from + 1}, updated_at = $${from + 2}
          WHERE id = $${from + 3} AND EXISTS (SELECT 1 FROM recorded)`,
    params: [order.status, order.locationIds, order.updatedAt, order.id],
  });
}
