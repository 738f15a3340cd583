import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The customer's pickup codes, from fulfilment.ready-for-pickup: what GET /v1/orders/{id} shows the order's channel. */
export class PickupCodes1768000000001 implements MigrationInterface {
  name = 'PickupCodes1768000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS pickup_codes (
        fulfilment_order_id text PRIMARY KEY,
        order_id text NOT NULL,
        location_id text NOT NULL,
        code text NOT NULL CHECK (code ~ '^[0-9]{6}$'),
        expires_at timestamptz NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS pickup_codes_by_order ON pickup_codes (order_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pickup_codes`);
  }
}
