import type { QueryRunner } from 'typeorm';

/**
 * The outbox and inbox every service keeps in its own schema. The outbox has Debezium's
 * outbox-router columns (id, aggregatetype, aggregateid, type, payload, headers) so the polling
 * relay can later give way to CDC without touching services; `seq` gives the relay its order.
 */
export async function createMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      aggregatetype text NOT NULL,
      aggregateid text NOT NULL,
      type text NOT NULL,
      topic text NOT NULL,
      payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`);
  await queryRunner.query(`CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL`);
  await queryRunner.query(`
    CREATE TABLE inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
}

export async function dropMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE inbox`);
  await queryRunner.query(`DROP TABLE outbox`);
}

/** The NOTIFY channel that wakes the relay of a schema. */
export const outboxChannel = (schema: string) => `omni_outbox_${schema}`;
