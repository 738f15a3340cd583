import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the returns desk finds an order by: the channel's reference (from orders.order-placed; orders
 * projected before this have none) and the short number staff read out, a prefix of the order id.
 */
export class ReturnableLookup1769100000000 implements MigrationInterface {
  name = 'ReturnableLookup1769100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_lines ADD COLUMN IF NOT EXISTS external_ref text`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS order_lines_by_external_ref ON order_lines (lower(external_ref)) WHERE external_ref IS NOT NULL`,
    );
    // text_pattern_ops: a LIKE 'prefix%' uses it whatever the database's collation.
    await q.query(`CREATE INDEX IF NOT EXISTS order_lines_by_id_prefix ON order_lines (order_id text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS order_lines_by_id_prefix`);
    await q.query(`DROP INDEX IF EXISTS order_lines_by_external_ref`);
    await q.query(`ALTER TABLE order_lines DROP COLUMN IF EXISTS external_ref`);
  }
}
