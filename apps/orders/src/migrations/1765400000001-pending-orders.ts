import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order carrying a hold or pickup location orders has not heard of yet is accepted as `pending`
 * and placed (or rejected) when it does: order_waits lists what each pending order waits for.
 * Holds keep inventory's time for their state, so a replayed changelog record never goes back in time.
 */
export class PendingOrders1765400000001 implements MigrationInterface {
  name = 'PendingOrders1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE known_holds ADD COLUMN updated_at timestamptz`);
    await q.query(`
      CREATE TABLE order_waits (
        order_id text NOT NULL REFERENCES orders (id),
        kind text NOT NULL CHECK (kind IN ('hold', 'location')),
        ref text NOT NULL,
        -- Where the request named it, e.g. holdId or lines.1.delivery.locationId.
        field text NOT NULL,
        -- The placing request's context, carried into orders.order-placed once the order is placed.
        correlation_id text NOT NULL,
        actor jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (order_id, kind, ref, field)
      )`);
    await q.query(`CREATE INDEX order_waits_by_ref ON order_waits (kind, ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_waits`);
    await q.query(`ALTER TABLE known_holds DROP COLUMN updated_at`);
  }
}
