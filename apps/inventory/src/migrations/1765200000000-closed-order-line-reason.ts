import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * cancelled_order_lines becomes the tombstone of every order line that ended without its goods
 * leaving (cancelled, or given up as unfulfillable): each row says why. Additive, so replicas still
 * on the previous code keep working during a rollout.
 */
export class ClosedOrderLineReason1765200000000 implements MigrationInterface {
  name = 'ClosedOrderLineReason1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cancelled_order_lines ADD COLUMN reason text NOT NULL DEFAULT 'order-cancelled'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cancelled_order_lines DROP COLUMN reason`);
  }
}
