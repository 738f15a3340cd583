import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The order-line projection, return policy, returns, their lines and dispositions. Hand-written; unqualified names land in the service schema. */
export class ReturnsSchema1734100000000 implements MigrationInterface {
  name = 'ReturnsSchema1734100000000';

  async up(q: QueryRunner): Promise<void> {
    // What each order line sold, from orders.order-placed: the price a refund is computed from.
    await q.query(`
      CREATE TABLE order_lines (
        order_id text NOT NULL,
        order_line_id text NOT NULL,
        line_no integer NOT NULL,
        sku text NOT NULL,
        qty integer NOT NULL CHECK (qty > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        currency char(3) NOT NULL,
        channel text NOT NULL,
        customer_id text NOT NULL,
        placed_at timestamptz NOT NULL,
        cancelled boolean NOT NULL DEFAULT false,
        PRIMARY KEY (order_id, order_line_id)
      )`);

    // Goods that left for the customer, one row per fulfilment order and line (the natural key makes a replay a no-op).
    // Kept apart from order_lines: fulfilment events may arrive before the order-placed event they follow.
    await q.query(`
      CREATE TABLE line_fulfilments (
        fulfilment_order_id text NOT NULL,
        order_line_id text NOT NULL,
        order_id text NOT NULL,
        location_id text,
        kind text NOT NULL CHECK (kind IN ('pickup', 'shipment')),
        qty integer NOT NULL CHECK (qty >= 0),
        left_at timestamptz,
        delivered_at timestamptz,
        PRIMARY KEY (fulfilment_order_id, order_line_id)
      )`);
    await q.query(`CREATE INDEX line_fulfilments_by_order ON line_fulfilments (order_id)`);

    await q.query(`
      CREATE TABLE return_policy (
        id smallint PRIMARY KEY CHECK (id = 1),
        default_window_days integer NOT NULL CHECK (default_window_days >= 0),
        restocking_fee_bps integer NOT NULL CHECK (restocking_fee_bps BETWEEN 0 AND 10000),
        fee_waived_reasons text[] NOT NULL,
        categories jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE sku_policies (
        sku text PRIMARY KEY,
        category text,
        returnable boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE returns (
        id uuid PRIMARY KEY,
        order_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('authorised', 'received', 'inspected', 'cancelled')),
        channel text,
        customer_id text NOT NULL,
        return_method text NOT NULL CHECK (return_method IN ('in-store', 'post')),
        return_location_id text NOT NULL,
        received_location_id text,
        currency char(3) NOT NULL,
        refund_total_minor bigint,
        authorised_by text NOT NULL,
        authorised_at timestamptz NOT NULL,
        received_by text,
        received_at timestamptz,
        inspected_at timestamptz,
        cancelled_at timestamptz
      )`);
    await q.query(`CREATE INDEX returns_by_order ON returns (order_id, authorised_at)`);

    await q.query(`
      CREATE TABLE return_lines (
        return_id uuid NOT NULL REFERENCES returns (id),
        order_line_id text NOT NULL,
        sku text NOT NULL,
        reason text NOT NULL,
        authorised_qty integer NOT NULL CHECK (authorised_qty > 0),
        received_qty integer CHECK (received_qty BETWEEN 0 AND authorised_qty),
        unit_price_minor bigint NOT NULL,
        -- The fee rate in force when the return was authorised: a later policy change must not alter the customer's deal.
        fee_bps integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
        refund_qty integer,
        fee_minor bigint,
        refund_minor bigint,
        PRIMARY KEY (return_id, order_line_id)
      )`);
    await q.query(`CREATE INDEX return_lines_by_order_line ON return_lines (order_line_id)`);

    await q.query(`
      CREATE TABLE dispositions (
        id bigserial PRIMARY KEY,
        return_id uuid NOT NULL,
        order_line_id text NOT NULL,
        disposition text NOT NULL CHECK (disposition IN ('restock', 'damaged', 'return-to-vendor', 'transfer')),
        qty integer NOT NULL CHECK (qty > 0),
        to_location_id text,
        note text,
        inspected_by text NOT NULL,
        inspected_at timestamptz NOT NULL,
        FOREIGN KEY (return_id, order_line_id) REFERENCES return_lines (return_id, order_line_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'dispositions',
      'return_lines',
      'returns',
      'sku_policies',
      'return_policy',
      'line_fulfilments',
      'order_lines',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
