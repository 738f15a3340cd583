import { Injectable } from '@nestjs/common';
import { UUID_PATTERN, type AllocationRequestedV1 } from '@omni/contracts';
import { queryRows, TransactionHost, unnestColumns } from '@omni/platform';
import type { Take } from './allocations.rules';

export interface AllocationRow {
  orderId: string;
  orderLineId: string;
  sku: string;
  locationId: string;
  qty: number;
  reserved: number;
  consumed: number;
  status: 'allocated' | 'consumed' | 'released';
}

export interface LiveHold {
  id: string;
  lines: Array<{ sku: string; locationId: string; reserved: number }>;
}

const COLUMNS = `order_id AS "orderId", order_line_id AS "orderLineId", sku, location_id AS "locationId", qty, reserved, consumed, status`;
const WHOLE_ORDER = '*';

/** SQL over the allocation tables, inside the ambient transaction. Lock order: the order, then holds, then allocations, then levels. */
@Injectable()
export class AllocationStore {
  constructor(private readonly tx: TransactionHost) {}

  async priorAnswer(
    orderId: string,
    requestId: string,
  ): Promise<{ outcome: 'allocated' | 'rejected'; answer: unknown } | undefined> {
    const rows: Array<{ outcome: 'allocated' | 'rejected'; answer: unknown }> = await queryRows(
      this.tx.manager,
      `SELECT outcome, answer FROM allocation_requests WHERE order_id = $1 AND request_id = $2`,
      [orderId, requestId],
    );
    return rows[0];
  }

  async recordAnswer(
    orderId: string,
    requestId: string,
    outcome: 'allocated' | 'rejected',
    answer: unknown,
  ): Promise<void> {
    await queryRows(
      this.tx.manager,
      `INSERT INTO allocation_requests (order_id, request_id, outcome, answer) VALUES ($1, $2, $3, $4)`,
      [orderId, requestId, outcome, JSON.stringify(answer)],
    );
  }

  /**
   * Serialises the use cases that start or end an order's allocations (allocate, close): whichever
   * commits first, the other sees it. Taken first, before any hold, allocation or level lock.
   */
  async lockOrder(orderId: string): Promise<void> {
    await queryRows(
      this.tx.manager,
      `SELECT pg_advisory_xact_lock(hashtext('omni.inventory.order'), hashtext(current_schema() || '/' || $1))`,
      [orderId],
    );
  }

  /** Of these lines, those that ended (cancelled or unfulfillable, alone or with their whole order). */
  async closedLines(orderId: string, lineIds: readonly string[]): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await queryRows(
      this.tx.manager,
      `SELECT l.id FROM unnest($2::text[]) AS l(id)
       WHERE EXISTS (SELECT 1 FROM cancelled_order_lines c WHERE c.order_id = $1 AND c.order_line_id IN (l.id, $3))`,
      [orderId, lineIds, WHOLE_ORDER],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The tombstones of lines (or of the whole order) that ended: no allocation is taken for them afterwards. */
  async recordClosure(orderId: string, lineIds: readonly string[] | undefined, reason: string): Promise<void> {
    await queryRows(
      this.tx.manager,
      `INSERT INTO cancelled_order_lines (order_id, order_line_id, reason) SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING`,
      [orderId, lineIds ?? [WHOLE_ORDER], reason],
    );
  }

  async lockLines(orderId: string, lineIds: readonly string[]): Promise<Map<string, AllocationRow>> {
    const rows: AllocationRow[] = await queryRows(
      this.tx.manager,
      `SELECT ${COLUMNS} FROM allocations WHERE order_id = $1 AND order_line_id = ANY($2::text[]) ORDER BY order_line_id FOR UPDATE`,
      [orderId, lineIds],
    );
    return new Map(rows.map((r) => [r.orderLineId, r]));
  }

  /** The hold, locked, if it is still active and unexpired; its stock may then become the order's. */
  async lockLiveHold(holdId: string): Promise<LiveHold | null> {
    // Hold ids are UUIDs; anything else names no hold of ours.
    if (!UUID_PATTERN.test(holdId)) return null;
    const m = this.tx.manager;
    const [hold]: Array<{ live: boolean }> = await queryRows(
      m,
      `SELECT status = 'active' AND expires_at > now() AS live FROM holds WHERE id = $1::uuid FOR UPDATE`,
      [holdId],
    );
    if (!hold?.live) return null;
    const lines: LiveHold['lines'] = await queryRows(
      m,
      `SELECT sku, location_id AS "locationId", reserved FROM hold_lines WHERE hold_id = $1::uuid AND reserved > 0`,
      [holdId],
    );
    return { id: holdId, lines };
  }

  async convertHold(holdId: string): Promise<void> {
    await queryRows(this.tx.manager, `UPDATE hold_lines SET reserved = 0 WHERE hold_id = $1::uuid AND reserved > 0`, [
      holdId,
    ]);
    await queryRows(this.tx.manager, `UPDATE holds SET status = 'converted', ended_at = now() WHERE id = $1::uuid`, [
      holdId,
    ]);
  }

  /** One row per order line: a re-sourced line's row moves to its new location. */
  async saveAllocations(request: AllocationRequestedV1, takes: readonly Take[]): Promise<void> {
    if (!takes.length) return;
    const t = unnestColumns(
      't',
      { line_id: 'text', sku: 'text', location_id: 'text', qty: 'int' },
      takes.map((take) => ({ line_id: take.orderLineId, sku: take.sku, location_id: take.locationId, qty: take.qty })),
      { from: 4 },
    );
    await queryRows(
      this.tx.manager,
      `INSERT INTO allocations (order_id, order_line_id, request_id, sku, location_id, qty, reserved, status, hold_id)
       SELECT $1, t.line_id, $2, t.sku, t.location_id, t.qty, t.qty, 'allocated', $3::uuid
       FROM ${t.sql}
       ON CONFLICT (order_id, order_line_id) DO UPDATE SET request_id = EXCLUDED.request_id, sku = EXCLUDED.sku,
         location_id = EXCLUDED.location_id, qty = EXCLUDED.qty, reserved = EXCLUDED.reserved, consumed = 0,
         status = 'allocated', hold_id = EXCLUDED.hold_id, updated_at = now()`,
      [
        request.orderId,
        request.requestId,
        request.holdId && takes.some((take) => take.fromHold > 0) ? request.holdId : null,
        ...t.params,
      ],
    );
  }

  /** Marks the lines' live allocations released and returns them with what they reserved. */
  async releaseLines(orderId: string, lineIds: readonly string[] | undefined): Promise<AllocationRow[]> {
    return queryRows(
      this.tx.manager,
      `UPDATE allocations a SET reserved = 0, status = 'released', updated_at = now()
       FROM (SELECT order_id, order_line_id, reserved FROM allocations
             WHERE order_id = $1 AND ($2::text[] IS NULL OR order_line_id = ANY($2::text[])) AND reserved > 0
             ORDER BY order_line_id FOR UPDATE) old
       WHERE a.order_id = old.order_id AND a.order_line_id = old.order_line_id
       RETURNING a.order_id AS "orderId", a.order_line_id AS "orderLineId", a.sku, a.location_id AS "locationId", a.qty, old.reserved, a.consumed, a.status`,
      [orderId, lineIds ?? null],
    );
  }

  /** Claims (fulfilment order, line) pairs not seen before: goods leave once per line. */
  async claimConsumptions(
    orderId: string,
    fulfilmentOrderId: string,
    locationId: string,
    lines: ReadonlyArray<{ orderLineId: string; sku: string; qty: number }>,
  ): Promise<Set<string>> {
    const t = unnestColumns(
      't',
      { line_id: 'text', sku: 'text', qty: 'int' },
      lines.map((l) => ({ line_id: l.orderLineId, sku: l.sku, qty: l.qty })),
      { from: 4 },
    );
    const rows: Array<{ order_line_id: string }> = await queryRows(
      this.tx.manager,
      `INSERT INTO consumptions (fulfilment_order_id, order_line_id, order_id, sku, location_id, qty)
       SELECT $1, t.line_id, $2, t.sku, $3, t.qty FROM ${t.sql}
       ON CONFLICT DO NOTHING RETURNING order_line_id`,
      [fulfilmentOrderId, orderId, locationId, ...t.params],
    );
    return new Set(rows.map((r) => r.order_line_id));
  }

  /** Writes allocations' new reserved, consumed and status (rows locked by lockLines). */
  async saveStates(rows: readonly AllocationRow[]): Promise<void> {
    if (!rows.length) return;
    const t = unnestColumns(
      't',
      { order_id: 'text', order_line_id: 'text', reserved: 'int', consumed: 'int', status: 'text' },
      rows.map((r) => ({
        order_id: r.orderId,
        order_line_id: r.orderLineId,
        reserved: r.reserved,
        consumed: r.consumed,
        status: r.status,
      })),
    );
    await queryRows(
      this.tx.manager,
      `UPDATE allocations a SET reserved = t.reserved, consumed = t.consumed, status = t.status, updated_at = now()
       FROM ${t.sql}
       WHERE a.order_id = t.order_id AND a.order_line_id = t.order_line_id`,
      t.params,
    );
  }
}
