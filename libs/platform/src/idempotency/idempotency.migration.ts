import type { QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE } from './idempotency-record.entity';

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
