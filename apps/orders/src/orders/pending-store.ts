import { Injectable } from '@nestjs/common';
import type { Actor } from '@omni/contracts';
import { queryRows, requestContext, TransactionHost, unnestColumns, type StatementPart } from '@omni/platform';
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

  /** What `orderId` waits for, as a write to ride on the statement that inserts the order. */
  recorded(orderId: string, waits: readonly Wait[]): StatementPart {
    const { correlationId, actor } = requestContext.current();
    return (from) => {
      const w = unnestColumns('w', { kind: 'text', ref: 'text', field: 'text' }, waits, { from: from + 3 });
      return {
        sql: `INSERT INTO order_waits (order_id, kind, ref, field, correlation_id, actor)
              SELECT $${from}, kind, ref, field, $${from + 1}, $${from + 2}::jsonb FROM ${w.sql} ON CONFLICT DO NOTHING`,
        params: [orderId, correlationId, JSON.stringify(actor), ...w.params],
      };
    };
  }

  async clear(orderId: string): Promise<void> {
    const { sql, params } = this.cleared(orderId)(1);
    await this.tx.manager.query(sql, params);
  }

  /** clear() as a write to ride on another statement. */
  cleared(orderId: string): StatementPart {
    return (from) => ({ sql: `DELETE FROM order_waits WHERE order_id = $${from}`, params: [orderId] });
  }

  /** Pending orders waiting to hear of any of what arrived, in one read. */
  async waitingOn(arrived: Readonly<Record<'holds' | 'locations' | 'skus', readonly string[]>>): Promise<string[]> {
    if (!arrived.holds.length && !arrived.locations.length && !arrived.skus.length) return [];
    const rows = await queryRows<{ orderId: string }>(
      this.tx.manager,
      `SELECT DISTINCT order_id AS "orderId" FROM order_waits
       WHERE (kind = 'hold' AND ref = ANY($1::text[])) OR (kind = 'location' AND ref = ANY($2::text[]))
          OR (kind = 'sku' AND ref = ANY($3::text[]))`,
      [arrived.holds, arrived.locations, arrived.skus],
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
