import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders, their lines, the journey timeline, return lines, and the projections of inventory's
 * locations and holds used to validate a placement. Hand-written; unqualified names land in the
 * service schema.
 */
export class OrdersSchema1732400000001 implements MigrationInterface {
  name = 'OrdersSchema1732400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE known_locations (
        id text PRIMARY KEY,
        type text NOT NULL,
        name text NOT NULL,
        capabilities text[] NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE known_holds (
        id text PRIMARY KEY,
        channel text NOT NULL,
        principal text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'released', 'expired', 'converted')),
        expires_at timestamptz NOT NULL,
        -- The order that carried the hold: a hold buys one order only.
        order_id text UNIQUE
      )`);

    await q.query(`
      CREATE TABLE orders (
        id text PRIMARY KEY,
        channel text NOT NULL,
        status text NOT NULL,
        customer_id text NOT NULL,
        customer_email text,
        customer_phone text,
        hold_id text UNIQUE,
        assisted_by_staff_id text,
        assisted_by_location_id text,
        external_ref text,
        -- Every location the order touches (pickup, selling/assisting store, fulfilment): store visibility.
        location_ids text[] NOT NULL DEFAULT '{}',
        placed_by text NOT NULL,
        placed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (channel, external_ref)
      )`);
    await q.query(`CREATE INDEX orders_newest ON orders (placed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX orders_by_customer ON orders (customer_id, placed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX orders_by_location ON orders USING gin (location_ids)`);
    await q.query(`CREATE INDEX orders_assisted ON orders (placed_at) WHERE assisted_by_staff_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE order_lines (
        id text PRIMARY KEY,
        order_id text NOT NULL REFERENCES orders (id),
        line_no integer NOT NULL,
        sku text NOT NULL,
        qty integer NOT NULL CHECK (qty > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        currency text NOT NULL,
        delivery_type text NOT NULL CHECK (delivery_type IN ('ship', 'pickup', 'same_day')),
        delivery_address jsonb,
        pickup_location_id text,
        status text NOT NULL,
        status_reason text,
        fulfilment_order_id text,
        fulfilment_location_id text,
        UNIQUE (order_id, line_no)
      )`);

    await q.query(`
      CREATE TABLE order_timeline (
        seq bigserial PRIMARY KEY,
        order_id text NOT NULL REFERENCES orders (id),
        -- The event that recorded the step: a redelivery cannot add it twice.
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        step text NOT NULL,
        line_ids text[] NOT NULL,
        location_id text,
        actor jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX order_timeline_by_order ON order_timeline (order_id, occurred_at, seq)`);

    // One row per return x order line (natural key): a repeated announcement overwrites, never adds.
    await q.query(`
      CREATE TABLE order_return_lines (
        return_id text NOT NULL,
        order_line_id text NOT NULL REFERENCES order_lines (id),
        order_id text NOT NULL REFERENCES orders (id),
        location_id text,
        received_qty integer NOT NULL DEFAULT 0,
        refunded_qty integer NOT NULL DEFAULT 0,
        refunded_minor bigint NOT NULL DEFAULT 0,
        currency text,
        PRIMARY KEY (return_id, order_line_id)
      )`);
    await q.query(`CREATE INDEX order_return_lines_by_order ON order_return_lines (order_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'order_return_lines',
      'order_timeline',
      'order_lines',
      'orders',
      'known_holds',
      'known_locations',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
