import { Injectable } from '@nestjs/common';
import type {
  AllocatedV1,
  AllocationRejectedV1,
  AllocationRequestLineV1,
  AffectedAllocationV1,
  DeliveryType,
  OrderPlacedV1,
  SourcingTrigger,
} from '@omni/contracts';
import { queryRows, TransactionHost, type StatementPart } from '@omni/platform';
import type { CapacityClaim } from '../capacity/capacity.service';
import type { Delivery, Unplaced } from '../sourcing/sourcing.model';
import { ProjectionsService } from '../projections/projections.service';
import type { LineMove } from './saga.rules';

/** Where the saga stands for one order line (order_lines.status). */
export type LineState =
  'waiting' | 'sourcing' | 'requested' | 'allocated' | 'fulfilled' | 'unfulfillable' | 'cancelled';

/** A line that may not be sourced yet: `waitingFor` a pickup store's location, or (null) for the projections to catch up. */
export interface WaitingLineState {
  orderLineId: string;
  waitingFor: string | null;
  reason: string;
}

/** What a sourcing round needs of a line; `excluded` lists the locations that failed it. */
export interface SourcingLine {
  orderLineId: string;
  sku: string;
  qty: number;
  delivery: Delivery;
  excluded: readonly string[];
  attempts: number;
}

/**
 * The saga's rows (sourced_orders, order_lines, allocation_requests), read and written inside the
 * ambient transaction. Plain SQL, few round trips: every placed order comes through here.
 */
@Injectable()
export class OrderLinesStore {
  constructor(private readonly tx: TransactionHost) {}

  /** The order and its lines in one statement; empty when the order was seen before (its id is the natural key). */
  async insertOrder(order: OrderPlacedV1): Promise<string[]> {
    const rows = await queryRows<{ orderLineId: string }>(
      this.tx.manager,
      `WITH o AS (INSERT INTO sourced_orders (order_id, channel, hold_id, placed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING order_id)
       INSERT INTO order_lines (order_id, order_line_id, line_no, sku, qty, delivery, status)
       SELECT o.order_id, l.id, l.no, l.sku, l.qty, l.delivery, 'sourcing'
       FROM o, unnest($5::text[], $6::int[], $7::text[], $8::int[], $9::jsonb[]) AS l(id, no, sku, qty, delivery)
       RETURNING order_line_id AS "orderLineId"`,
      [
        order.orderId,
        order.channel,
        order.holdId ?? null,
        order.placedAt,
        order.lines.map((l) => l.orderLineId),
        order.lines.map((l) => l.lineNo),
        order.lines.map((l) => l.sku),
        order.lines.map((l) => l.qty),
        order.lines.map((l) => JSON.stringify(l.delivery)),
      ],
    );
    return rows.map((r) => r.orderLineId);
  }

  /** Lines waiting in `sourcing`, with the order's cart hold. */
  async toSource(
    orderId: string,
    lineIds: readonly string[],
  ): Promise<{ holdId: string | null; lines: SourcingLine[] }> {
    const rows: Array<SourcingLine & { holdId: string | null }> = await this.tx.manager.query(
      `SELECT l.order_line_id AS "orderLineId", l.sku, l.qty, l.delivery, l.excluded, l.attempts, o.hold_id AS "holdId"
       FROM order_lines l JOIN sourced_orders o ON o.order_id = l.order_id
       WHERE l.order_id = $1 AND l.order_line_id = ANY($2) AND l.status = 'sourcing' ORDER BY l.line_no`,
      [orderId, lineIds],
    );
    return { holdId: rows[0]?.holdId ?? null, lines: rows.map(({ holdId: _holdId, ...line }) => line) };
  }

  /** The request row and its lines' move to `requested`, in one statement (with `alongside`, another write of the round). */
  async requested(
    orderId: string,
    requestId: string,
    lines: readonly AllocationRequestLineV1[],
    claims: readonly CapacityClaim[],
    alongside?: StatementPart,
  ): Promise<void> {
    const also = alongside?.(6);
    await this.tx.manager.query(
      `WITH request AS (INSERT INTO allocation_requests (request_id, order_id, lines, capacity_claims, status) VALUES ($3, $1, $4, $5, 'pending'))
       ${also ? `, alongside AS (${also.sql})` : ''}
       UPDATE order_lines SET status = 'requested', request_id = $3, attempts = attempts + 1, updated_at = now() WHERE order_id = $1 AND order_line_id = ANY($2)`,
      [
        orderId,
        lines.map((l) => l.orderLineId),
        requestId,
        JSON.stringify(lines),
        JSON.stringify(claims),
        ...(also?.params ?? []),
      ],
    );
  }

  /** Records inventory's refusal once; null when the request is unknown or already answered. */
  async rejectionAnswered(answer: AllocationRejectedV1): Promise<{ capacityClaims: CapacityClaim[] } | null> {
    const [request] = await queryRows<{ capacityClaims: CapacityClaim[] }>(
      this.tx.manager,
      `UPDATE allocation_requests SET status = 'rejected', answer = $2, answered_at = now() WHERE request_id = $1 AND status = 'pending'
       RETURNING capacity_claims AS "capacityClaims"`,
      [answer.requestId, JSON.stringify(answer)],
    );
    return request ?? null;
  }

  /**
   * Records inventory's allocation once, locks the lines still waiting on it (a cancelled line is no
   * longer among them) and converts the order's cart hold in fulfilment's view, in one round trip:
   * the request's row first, then the lines in order_line_id order. Null when the request is unknown
   * or already answered (nothing is locked or converted).
   */
  async allocationAnswered(answer: AllocatedV1): Promise<{
    capacityClaims: CapacityClaim[];
    waiting: Array<{ orderLineId: string; deliveryType: DeliveryType }>;
  } | null> {
    const [request] = await queryRows<{
      capacityClaims: CapacityClaim[];
      waiting: Array<{ orderLineId: string; deliveryType: DeliveryType }>;
    }>(
      this.tx.manager,
      `WITH answered AS (
         UPDATE allocation_requests SET status = 'allocated', answer = $3, answered_at = now() WHERE request_id = $2 AND status = 'pending'
         RETURNING capacity_claims),
       converted AS (${ProjectionsService.convertHolds('(SELECT $4::text AS hold_id FROM answered WHERE $4::text IS NOT NULL)')})
       SELECT a.capacity_claims AS "capacityClaims",
         (SELECT coalesce(json_agg(w ORDER BY w."orderLineId"), '[]') FROM (
            SELECT order_line_id AS "orderLineId", delivery->>'type' AS "deliveryType" FROM order_lines
            WHERE order_id = $1 AND request_id = $2 AND status = 'requested' ORDER BY order_line_id FOR UPDATE) w) AS waiting
       FROM answered a`,
      [answer.orderId, answer.requestId, JSON.stringify(answer), answer.holdId ?? null],
    );
    return request ?? null;
  }

  /**
   * The statement part that moves lines to `allocated` at their new fulfilment order: `opened` yields
   * (order_id, order_line_id, location_id, fulfilment_order_id); a data-modifying CTE of the statement
   * that opens those orders (FulfilmentOrdersService.open).
   */
  static allocatedFrom(opened: string): string {
    return `UPDATE order_lines l SET status = 'allocated', location_id = o.location_id, fulfilment_order_id = o.fulfilment_order_id, updated_at = now()
       FROM ${opened} AS o WHERE l.order_id = o.order_id AND l.order_line_id = o.order_line_id`;
  }

  /** The lines' end as unfulfillable, in one statement (with `alongside`, another write of the round). */
  async unfulfillable(orderId: string, lines: readonly Unplaced[], alongside?: StatementPart): Promise<void> {
    const also = alongside?.(4);
    await this.tx.manager.query(
      `${also ? `WITH alongside AS (${also.sql})` : ''}
       UPDATE order_lines l SET status = 'unfulfillable', reason = u.reason, request_id = NULL, updated_at = now()
       FROM unnest($2::text[], $3::text[]) AS u(line_id, reason) WHERE l.order_id = $1 AND l.order_line_id = u.line_id`,
      [orderId, lines.map((l) => l.orderLineId), lines.map((l) => l.reason), ...(also?.params ?? [])],
    );
  }

  /** Puts lines back to `sourcing`, excluding the location each failed at; returns the lines that moved. */
  async backToSourcing(
    orderId: string,
    moves: readonly LineMove[],
    from: readonly LineState[],
    requestId: string | null,
  ): Promise<string[]> {
    const rows = await queryRows<{ orderLineId: string }>(
      this.tx.manager,
      `UPDATE order_lines l SET status = 'sourcing', request_id = NULL, location_id = NULL, fulfilment_order_id = NULL, updated_at = now(),
         excluded = CASE WHEN mv.exclude IS NULL OR mv.exclude = ANY(l.excluded) THEN l.excluded ELSE array_append(l.excluded, mv.exclude) END
       FROM unnest($2::text[], $3::text[]) AS mv(line_id, exclude)
       WHERE l.order_id = $1 AND l.order_line_id = mv.line_id AND l.status = ANY($4::text[]) AND ($5::uuid IS NULL OR l.request_id = $5)
       RETURNING l.order_line_id AS "orderLineId"`,
      [orderId, moves.map((mv) => mv.orderLineId), moves.map((mv) => mv.excludeLocationId), from, requestId],
    );
    return rows.map((r) => r.orderLineId);
  }

  /** Where the saga stands for each of these lines; a line it never heard of is absent. */
  async statesOf(orderId: string, lineIds: readonly string[]): Promise<Map<string, LineState>> {
    const rows = await queryRows<{ orderLineId: string; status: LineState }>(
      this.tx.manager,
      `SELECT order_line_id AS "orderLineId", status FROM order_lines WHERE order_id = $1 AND order_line_id = ANY($2)`,
      [orderId, lineIds],
    );
    return new Map(rows.map((r) => [r.orderLineId, r.status]));
  }

  /** Closes lines for good: `cancelled` (all open lines when `lineIds` is undefined), or `fulfilled` once goods left. */
  async close(
    orderId: string,
    lineIds: readonly string[] | undefined,
    status: 'cancelled' | 'fulfilled',
    onlyRequestId?: string,
  ): Promise<void> {
    const from: LineState[] =
      status === 'fulfilled' ? ['allocated'] : ['waiting', 'sourcing', 'requested', 'allocated'];
    await this.tx.manager.query(
      `UPDATE order_lines SET status = $3, updated_at = now()
       WHERE order_id = $1 AND ($2::text[] IS NULL OR order_line_id = ANY($2)) AND status = ANY($4::text[]) AND ($5::uuid IS NULL OR request_id = $5)`,
      [orderId, lineIds ?? null, status, from, onlyRequestId ?? null],
    );
  }

  /** Parks lines that may not be sourced yet; the round they wait for runs when they may (resume). */
  async wait(orderId: string, lines: readonly WaitingLineState[], trigger: SourcingTrigger): Promise<void> {
    if (!lines.length) return;
    await this.tx.manager.query(
      `UPDATE order_lines l SET status = 'waiting', waiting_for = u.waiting_for, waiting_trigger = $5, reason = u.reason, request_id = NULL, updated_at = now()
       FROM unnest($2::text[], $3::text[], $4::text[]) AS u(line_id, waiting_for, reason) WHERE l.order_id = $1 AND l.order_line_id = u.line_id`,
      [orderId, lines.map((l) => l.orderLineId), lines.map((l) => l.waitingFor), lines.map((l) => l.reason), trigger],
    );
  }

  /** Orders with waiting lines that may be sourced now: the view has caught up, and their pickup store (if any) is known. */
  async readyToResume(limit: number): Promise<string[]> {
    const rows = await queryRows<{ orderId: string }>(
      this.tx.manager,
      `SELECT DISTINCT order_id AS "orderId" FROM order_lines l
       WHERE status = 'waiting' AND (waiting_for IS NULL OR EXISTS (SELECT 1 FROM locations WHERE id = l.waiting_for)) LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.orderId);
  }

  /** Moves an order's resumable waiting lines back to `sourcing` (once, whichever replica gets there first), with the round each waited for. */
  async resume(orderId: string): Promise<Array<{ orderLineId: string; trigger: SourcingTrigger }>> {
    return queryRows(
      this.tx.manager,
      `UPDATE order_lines l SET status = 'sourcing', waiting_for = NULL, waiting_trigger = NULL, reason = NULL, updated_at = now()
       FROM (SELECT order_line_id, waiting_trigger FROM order_lines w
             WHERE order_id = $1 AND status = 'waiting' AND (waiting_for IS NULL OR EXISTS (SELECT 1 FROM locations WHERE id = w.waiting_for))
             ORDER BY order_line_id FOR UPDATE) r
       WHERE l.order_id = $1 AND l.order_line_id = r.order_line_id
       RETURNING l.order_line_id AS "orderLineId", coalesce(r.waiting_trigger, 'order-placed') AS trigger`,
      [orderId],
    );
  }

  /** Of the allocations a discrepancy names, those still allocated at that location and not yet picked. */
  async movableAt(
    locationId: string,
    allocations: readonly AffectedAllocationV1[],
  ): Promise<Array<{ orderId: string; orderLineId: string }>> {
    return this.tx.manager.query(
      `SELECT l.order_id AS "orderId", l.order_line_id AS "orderLineId"
       FROM order_lines l JOIN fulfilment_order_lines fl ON fl.fulfilment_order_id = l.fulfilment_order_id AND fl.order_line_id = l.order_line_id
       WHERE (l.order_id, l.order_line_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
         AND l.status = 'allocated' AND l.location_id = $3 AND fl.status = 'open'`,
      [allocations.map((a) => a.orderId), allocations.map((a) => a.orderLineId), locationId],
    );
  }
}
