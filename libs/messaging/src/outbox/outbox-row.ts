import { unnestColumns } from '@omni/platform';
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
    { from: 2 },
  );
  await manager.query(
    `WITH inserted AS (
       INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, headers)
       SELECT * FROM ${inserted.sql}
     )
     SELECT pg_notify($1, '')`,
    [outboxChannel(schema), ...inserted.params],
  );
}
