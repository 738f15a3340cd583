import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_AGE_INDEX, IDEMPOTENCY_TABLE } from './idempotency-record.entity';

/**
 * For a service's migration `up()`. The table name is unqualified on purpose: it lands in the
 * schema the service's DataSource puts first on its search path. Mirrors IdempotencyRecord
 * exactly so `migration:generate` sees no drift.
 */
export async function createIdempotencyTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE ${IDEMPOTENCY_TABLE} (
      principal text NOT NULL,
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      request_hash text NOT NULL,
      response_status integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT idempotency_keys_pkey PRIMARY KEY (principal, key)
    )`);
}

/** For the matching migration `down()`. */
export async function dropIdempotencyTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE ${IDEMPOTENCY_TABLE}`);
}

/**
 * The keys by age, for the purge: without it every purge read the whole table, which at a thousand
 * keys a second and 24 hours' retention holds tens of millions of rows. A B-tree, not BRIN: the purge
 * frees the oldest pages and new keys reuse them, so the heap is not in created_at order.
 * Built in the migration's transaction, which holds writes to the table while it builds (seconds
 * for millions of rows). Not CONCURRENTLY: that waits for every open transaction, including a
 * replica's queued for the migration lock this one holds, a deadlock. On a big live table build it
 * CONCURRENTLY by hand first; IF NOT EXISTS then skips it.
 */
export class IdempotencyKeysByAge1764000000000 implements MigrationInterface {
  name = 'IdempotencyKeysByAge1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS ${IDEMPOTENCY_AGE_INDEX} ON ${IDEMPOTENCY_TABLE} (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${IDEMPOTENCY_AGE_INDEX}`);
  }
}

/**
 * The answer as it was sent (content type and body text), so a replay is byte-identical: the jsonb
 * copy alone reorders an object's keys and normalises numbers. Nullable: rows recorded before keep
 * only response_body, and are replayed from it.
 */
export class IdempotencyResponseBytes1766000000000 implements MigrationInterface {
  name = 'IdempotencyResponseBytes1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${IDEMPOTENCY_TABLE} ADD COLUMN IF NOT EXISTS response_content_type text, ADD COLUMN IF NOT EXISTS response_text text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE ${IDEMPOTENCY_TABLE} DROP COLUMN response_content_type, DROP COLUMN response_text`,
    );
  }
}
