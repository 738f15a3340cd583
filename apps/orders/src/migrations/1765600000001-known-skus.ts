import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SKUs the network has ever stocked, one row per SKU (from inventory's stock-levels and holds
 * changelogs): an order for any other SKU is refused. A pending order may also wait for a SKU while
 * orders is still reading those changelogs.
 */
export class KnownSkus1765600000001 implements MigrationInterface {
  name = 'KnownSkus1765600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS known_skus (sku text PRIMARY KEY, first_seen_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`ALTER TABLE order_waits DROP CONSTRAINT IF EXISTS order_waits_kind_check`);
    await q.query(
      `ALTER TABLE order_waits ADD CONSTRAINT order_waits_kind_check CHECK (kind IN ('hold', 'location', 'sku'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM order_waits WHERE kind = 'sku'`);
    await q.query(`ALTER TABLE order_waits DROP CONSTRAINT order_waits_kind_check`);
    await q.query(`ALTER TABLE order_waits ADD CONSTRAINT order_waits_kind_check CHECK (kind IN ('hold', 'location'))`);
    await q.query(`DROP TABLE known_skus`);
  }
}
