import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Locations, the stock ledger and levels, channel rules, holds and allocations. Hand-written; unqualified names land in the service schema. */
export class InventorySchema1733000000001 implements MigrationInterface {
  name = 'InventorySchema1733000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE locations (
        id text PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('store', 'warehouse', 'dc')),
        name text NOT NULL,
        address jsonb NOT NULL,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        timezone text NOT NULL,
        capabilities text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Hot rows are updated in place (HOT) when pages keep room and no indexed column changes.
    await q.query(`
      CREATE TABLE stock_levels (
        sku text NOT NULL,
        location_id text NOT NULL REFERENCES locations (id),
        on_hand integer NOT NULL DEFAULT 0,
        reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        safety_stock integer NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
        damaged integer NOT NULL DEFAULT 0 CHECK (damaged >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_id)
      ) WITH (fillfactor = 80)`);

    await q.query(`
      CREATE TABLE stock_movements (
        id bigserial PRIMARY KEY,
        sku text NOT NULL,
        location_id text NOT NULL,
        type text NOT NULL,
        quantity integer NOT NULL,
        on_hand_delta integer NOT NULL,
        damaged_delta integer NOT NULL DEFAULT 0,
        reason text,
        reference text,
        principal text,
        correlation_id text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (sku, location_id) REFERENCES stock_levels (sku, location_id)
      )`);
    await q.query(`CREATE INDEX stock_movements_by_level ON stock_movements (sku, location_id, id)`);
    await q.query(`CREATE INDEX stock_movements_by_sku ON stock_movements (sku, id)`);
    // The ledger is the truth levels are rebuilt from: corrections are new movements, never edits.
    await q.query(`
      CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock_movements is append-only: record a correcting movement instead';
      END $$`);
    await q.query(`
      CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON stock_movements
      FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_append_only()`);

    await q.query(`
      CREATE TABLE channel_rules (
        channel text PRIMARY KEY,
        sources jsonb NOT NULL,
        include_location_ids text[] NOT NULL DEFAULT '{}',
        exclude_location_ids text[] NOT NULL DEFAULT '{}',
        own_locations boolean NOT NULL DEFAULT false,
        safety_buffer integer NOT NULL DEFAULT 0 CHECK (safety_buffer >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE holds (
        id uuid PRIMARY KEY,
        channel text NOT NULL,
        principal text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'released', 'expired', 'converted')),
        allow_partial boolean NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX holds_expiring ON holds (expires_at) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE hold_lines (
        hold_id uuid NOT NULL REFERENCES holds (id),
        line_no integer NOT NULL,
        sku text NOT NULL,
        location_id text,
        requested integer NOT NULL CHECK (requested > 0),
        held integer NOT NULL CHECK (held >= 0),
        -- what the line still reserves: falls to 0 when the hold ends or is converted
        reserved integer NOT NULL CHECK (reserved >= 0 AND reserved <= held),
        PRIMARY KEY (hold_id, line_no)
      )`);
    await q.query(`CREATE INDEX hold_lines_reserving ON hold_lines (sku, location_id) WHERE reserved > 0`);

    await q.query(`
      CREATE TABLE allocations (
        order_id text NOT NULL,
        order_line_id text NOT NULL,
        request_id text NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        qty integer NOT NULL CHECK (qty > 0),
        reserved integer NOT NULL CHECK (reserved >= 0),
        consumed integer NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('allocated', 'consumed', 'released')),
        hold_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, order_line_id)
      )`);
    await q.query(`CREATE INDEX allocations_reserving ON allocations (sku, location_id) WHERE reserved > 0`);
    await q.query(`
      CREATE TABLE allocation_requests (
        order_id text NOT NULL,
        request_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('allocated', 'rejected')),
        answer jsonb NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, request_id)
      )`);
    // '*' stands for the whole order.
    await q.query(`
      CREATE TABLE cancelled_order_lines (
        order_id text NOT NULL,
        order_line_id text NOT NULL,
        cancelled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, order_line_id)
      )`);
    await q.query(`
      CREATE TABLE consumptions (
        fulfilment_order_id text NOT NULL,
        order_line_id text NOT NULL,
        order_id text NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        qty integer NOT NULL,
        consumed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fulfilment_order_id, order_line_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'consumptions',
      'cancelled_order_lines',
      'allocation_requests',
      'allocations',
      'hold_lines',
      'holds',
      'channel_rules',
      'stock_movements',
      'stock_levels',
      'locations',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION stock_movements_append_only()`);
  }
}
