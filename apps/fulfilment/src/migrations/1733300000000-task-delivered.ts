import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tasks gain the `delivered` status (the carrier confirmed a shipment) and when that happened. */
export class TaskDelivered1733300000000 implements MigrationInterface {
  name = 'TaskDelivered1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_status_check`);
    await q.query(
      `ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN ('to_pick', 'to_pack', 'packed', 'awaiting_pickup', 'handed_over', 'shipped', 'delivered', 'rejected', 'cancelled', 'expired'))`,
    );
    await q.query(`ALTER TABLE tasks ADD COLUMN delivered_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN delivered_at`);
    await q.query(`UPDATE tasks SET status = 'shipped' WHERE status = 'delivered'`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_status_check`);
    await q.query(
      `ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN ('to_pick', 'to_pack', 'packed', 'awaiting_pickup', 'handed_over', 'shipped', 'rejected', 'cancelled', 'expired'))`,
    );
  }
}
