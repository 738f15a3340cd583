import { Injectable } from '@nestjs/common';
import type { Actor } from '@omni/contracts';
import { queryRows, requestContext, TransactionHost, unnestColumns } from '@omni/platform';
import type { Wait } from './pending.rules';

export interface StoredWait {
  kind: Wait['kind'];
  ref: string;
  field: string;
  correlationId: string;
  actor: Actor;
}

/** order_waits: what each pending order waits to hear of, with the placing request's context. In the ambient transaction. */
@Injectable()
export class PendingStore {
  constructor(private readonly tx: TransactionHost) {}

  async record(orderId: string, waits: readonly Wait[]): Promise<void> {
    const { correlationId, actor } = requestContext.current();
    const w = unnestColumns('w', { kind: 'text', ref: 'text', field: 'text' }, waits, { from: 4 });
    await this.tx.manager.query(
      `INSERT INTO order_waits (order_id, kind, ref, field, correlation_id, actor)
       SELECT $1, kind, ref, field, $2, $3 FROM ${w.sql} ON CONFLICT DO NOTHING`,
      [orderId, correlationId, JSON.stringify(actor), ...w.params],
    );
  }

  of(orderId: string): Promise<StoredWait[]> {
    return queryRows(
      this.tx.manager,
      `SELECT kind, ref, field, correlation_id AS "correlationId", actor FROM order_waits WHERE order_id = $1 ORDER BY kind, ref, field`,
      [orderId],
    );
  }

  async clear(orderId: string): Promise<void> {
    await this.tx.manager.query(`DELETE FROM order_waits WHERE order_id = $1`, [orderId]);
  }

  /** Pending orders waiting to hear of any of `refs`. */
  async waitingOn(kind: Wait['kind'], refs: readonly string[]): Promise<string[]> {
    if (!refs.length) return [];
    const rows = await queryRows<{ orderId: string }>(
      this.tx.manager,
      `SELECT DISTINCT order_id AS "orderId" FROM order_waits WHERE kind = $1 AND ref = ANY($2::text[])`,
      [kind, refs],
    );
    return rows.map((r) => r.orderId);
  }

  /** Every pending order (oldest first), with when it was placed; only those placed before `placedBefore` if given. */
  pending(limit: number, placedBefore: Date | null = null): Promise<Array<{ orderId: string; placedAt: Date }>> {
    return queryRows(
      this.tx.manager,
      `SELECT o.id AS "orderId", o.placed_at AS "placedAt" FROM orders o
       WHERE o.id IN (SELECT order_id FROM order_waits) AND ($2::timestamptz IS NULL OR o.placed_at < $2)
       ORDER BY o.placed_at LIMIT $1`,
      [limit, placedBefore],
    );
  }
}
