import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fulfilment's own tables: projections of inventory (locations, stock, cart holds), capacity,
 * the sourcing saga (order lines, decisions, allocation requests), fulfilment orders, tasks and
 * pickups. Hand-written; unqualified names land in the service schema.
 */
export class FulfilmentSchema1733200000000 implements MigrationInterface {
  name = 'FulfilmentSchema1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE locations (
        id text PRIMARY KEY,
        type text NOT NULL,
        name text NOT NULL,
        address jsonb NOT NULL,
        postal_code text NOT NULL,
        city text NOT NULL,
        country text NOT NULL,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        timezone text NOT NULL,
        capabilities text[] NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE stock_positions (
        sku text NOT NULL,
        location_id text NOT NULL,
        sellable integer NOT NULL,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (sku, location_id)
      ) WITH (fillfactor = 80)`);
    await q.query(`
      CREATE TABLE hold_lines (
        hold_id text NOT NULL,
        line_no integer NOT NULL,
        sku text NOT NULL,
        location_id text NOT NULL,
        qty integer NOT NULL,
        PRIMARY KEY (hold_id, line_no)
      )`);

    await q.query(`
      CREATE TABLE location_settings (
        location_id text PRIMARY KEY,
        daily_order_limit integer CHECK (daily_order_limit >= 0),
        same_day_cutoff text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE capacity_usage (
        location_id text NOT NULL,
        day date NOT NULL,
        used integer NOT NULL DEFAULT 0 CHECK (used >= 0),
        closed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (location_id, day)
      ) WITH (fillfactor = 80)`);

    await q.query(`
      CREATE TABLE sourced_orders (
        order_id text PRIMARY KEY,
        channel text NOT NULL,
        hold_id text,
        placed_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE order_lines (
        order_id text NOT NULL REFERENCES sourced_orders (order_id),
        order_line_id text NOT NULL,
        line_no integer NOT NULL,
        sku text NOT NULL,
        qty integer NOT NULL CHECK (qty > 0),
        delivery jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('sourcing', 'requested', 'allocated', 'fulfilled', 'unfulfillable', 'cancelled')),
        excluded text[] NOT NULL DEFAULT '{}',
        attempts integer NOT NULL DEFAULT 0,
        request_id uuid,
        location_id text,
        fulfilment_order_id uuid,
        reason text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, order_line_id)
      )`);
    await q.query(`
      CREATE TABLE sourcing_decisions (
        id uuid PRIMARY KEY,
        order_id text NOT NULL,
        trigger text NOT NULL,
        strategy text NOT NULL,
        request_id uuid,
        assignments jsonb NOT NULL,
        unfulfillable jsonb NOT NULL,
        groups jsonb NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX sourcing_decisions_by_order ON sourcing_decisions (order_id, decided_at)`);
    await q.query(`
      CREATE TABLE allocation_requests (
        request_id uuid PRIMARY KEY,
        order_id text NOT NULL,
        lines jsonb NOT NULL,
        capacity_claims jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'allocated', 'rejected')),
        answer jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE fulfilment_orders (
        id uuid PRIMARY KEY,
        order_id text NOT NULL,
        location_id text NOT NULL,
        delivery_type text NOT NULL CHECK (delivery_type IN ('ship', 'pickup', 'same_day')),
        request_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (request_id, location_id, delivery_type)
      )`);
    await q.query(`CREATE INDEX fulfilment_orders_by_order ON fulfilment_orders (order_id)`);
    await q.query(`
      CREATE TABLE fulfilment_order_lines (
        fulfilment_order_id uuid NOT NULL REFERENCES fulfilment_orders (id),
        order_line_id text NOT NULL,
        sku text NOT NULL,
        qty integer NOT NULL CHECK (qty > 0),
        picked_qty integer CHECK (picked_qty >= 0),
        status text NOT NULL CHECK (status IN ('open', 'picked', 'moved', 'cancelled')),
        PRIMARY KEY (fulfilment_order_id, order_line_id)
      )`);
    // One task per fulfilment order: its status is where the staff's work on it stands.
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        fulfilment_order_id uuid NOT NULL UNIQUE REFERENCES fulfilment_orders (id),
        order_id text NOT NULL,
        location_id text NOT NULL,
        delivery_type text NOT NULL,
        status text NOT NULL CHECK (status IN ('to_pick', 'to_pack', 'packed', 'awaiting_pickup', 'handed_over', 'shipped', 'rejected', 'cancelled', 'expired')),
        reason text,
        carrier text,
        tracking_number text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tasks_by_location ON tasks (location_id, status, created_at)`);
    await q.query(`
      CREATE TABLE pickups (
        fulfilment_order_id uuid PRIMARY KEY REFERENCES fulfilment_orders (id),
        task_id uuid NOT NULL REFERENCES tasks (id),
        order_id text NOT NULL,
        location_id text NOT NULL,
        code_hash text NOT NULL,
        code_salt text NOT NULL,
        expires_at timestamptz NOT NULL,
        remind_at timestamptz NOT NULL,
        reminded_at timestamptz,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_at timestamptz,
        status text NOT NULL CHECK (status IN ('waiting', 'handed_over', 'expired', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pickups_expiring ON pickups (expires_at) WHERE status = 'waiting'`);
    await q.query(
      `CREATE INDEX pickups_to_remind ON pickups (remind_at) WHERE status = 'waiting' AND reminded_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'pickups',
      'tasks',
      'fulfilment_order_lines',
      'fulfilment_orders',
      'allocation_requests',
      'sourcing_decisions',
      'order_lines',
      'sourced_orders',
      'capacity_usage',
      'location_settings',
      'hold_lines',
      'stock_positions',
      'locations',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
