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
  await manager.query(
    `WITH inserted AS (
       INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, headers)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[])
     )
     SELECT pg_notify($8, '')`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.aggregatetype),
      rows.map((r) => r.aggregateid),
      rows.map((r) => r.type),
      rows.map((r) => r.topic),
      rows.map((r) => JSON.stringify(r.payload)),
      rows.map((r) => JSON.stringify(r.headers)),
      outboxChannel(schema),
    ],
  );
}
