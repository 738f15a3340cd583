import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An order's tasks are listed by order (`GET /v1/orders/{id}/tasks`), in creation order either way. */
export class TasksByOrder1765500000000 implements MigrationInterface {
  name = 'TasksByOrder1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_by_order ON tasks (order_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_by_order`);
  }
}
