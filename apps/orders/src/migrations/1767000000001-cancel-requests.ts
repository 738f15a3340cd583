import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's cancel of a line fulfilment already holds is a request until fulfilment decides it:
 * the line keeps its status and carries the request (or its refusal) beside it.
 */
export class CancelRequests1767000000001 implements MigrationInterface {
  name = 'CancelRequests1767000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE order_lines ADD COLUMN IF NOT EXISTS cancellation text CHECK (cancellation IN ('requested', 'refused'))`,
    );
    await q.query(`ALTER TABLE order_lines ADD COLUMN IF NOT EXISTS cancellation_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_lines DROP COLUMN cancellation_reason`);
    await q.query(`ALTER TABLE order_lines DROP COLUMN cancellation`);
  }
}
