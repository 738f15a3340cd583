import { unnestColumns, type StatementPart } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import { outboxChannel } from '../messaging-tables';

export interface OutboxRow {
  id: string;
  aggregatetype: string;
  aggregateid: string;
  type: string;
  topic: string;
  payload: unknown;
  headers: Record<string, string>;
}

/** One statement per transaction: every buffered row, and the NOTIFY that Postgres delivers at commit. */
export async function insertOutboxRows(manager: EntityManager, schema: string, rows: OutboxRow[]): Promise<void> {
  if (!rows.length) return;
  const { sql, params } = outboxInsert(schema, rows)(1);
  await manager.query(sql, params);
}

/**
 * The outbox rows' INSERT, with the NOTIFY (once, in a subquery: the relay wakes at commit), as a
 * write that may ride on another statement as a data-modifying CTE.
 */
export function outboxInsert(schema: string, rows: readonly OutboxRow[]): StatementPart {
  return (from) => {
    const inserted = unnestColumns(
      'r',
      {
        id: 'uuid',
        aggregatetype: 'text',
        aggregateid: 'text',
        type: 'text',
        topic: 'text',
        payload: 'jsonb',
        headers: 'jsonb',
      },
      rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload), headers: JSON.stringify(r.headers) })),
      { from: from + 1 },
    );
    return {
      sql: `INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, headers)
            SELECT r.id, r.aggregatetype, r.aggregateid, r.type, r.topic, r.payload, r.headers
            FROM ${inserted.sql} CROSS JOIN (SELECT pg_notify($${from}, '')) AS notified`,
      params: [outboxChannel(schema), ...inserted.params],
    };
  };
}
