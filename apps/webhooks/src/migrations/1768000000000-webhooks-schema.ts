import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Known orders, events waiting for their order, subscriptions, deliveries and their attempts. Hand-written; unqualified names land in the service schema. */
export class WebhooksSchema1768000000000 implements MigrationInterface {
  name = 'WebhooksSchema1768000000000';

  async up(q: QueryRunner): Promise<void> {
    // Whose each order is, from orders.order-placed: a channel hears only of its own orders.
    await q.query(`
      CREATE TABLE known_orders (
        order_id text PRIMARY KEY,
        channel text NOT NULL,
        customer_id text NOT NULL,
        external_ref text,
        line_ids text[] NOT NULL,
        placed_at timestamptz NOT NULL
      )`);

    // A moment of an order not heard of yet (its topic is read apart from orders'): kept until order-placed arrives.
    await q.query(`
      CREATE TABLE parked_events (
        event_id uuid PRIMARY KEY,
        order_id text NOT NULL,
        envelope jsonb NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX parked_events_by_order ON parked_events (order_id)`);
    await q.query(`CREATE INDEX parked_events_by_age ON parked_events (parked_at)`);

    await q.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY,
        channel text NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
        description text,
        secret text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX subscriptions_by_channel ON subscriptions (channel, created_at, id)`);
    await q.query(`CREATE INDEX subscriptions_by_age ON subscriptions (created_at, id)`);

    // One delivery per subscription and event (the natural key deduplicates a redelivered event); its body is
    // written once and every attempt sends it. next_attempt_at is set while pending; lease names the claim in flight.
    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        order_id text NOT NULL,
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        window_started_at timestamptz NOT NULL,
        window_failures integer NOT NULL DEFAULT 0,
        redelivery_requested boolean NOT NULL DEFAULT false,
        lease uuid,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        UNIQUE (subscription_id, event_id),
        CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_log ON deliveries (subscription_id, created_at, id)`);

    await q.query(`
      CREATE TABLE delivery_attempts (
        delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL CHECK (attempt > 0),
        trigger text NOT NULL CHECK (trigger IN ('event', 'retry', 'redelivery')),
        attempted_at timestamptz NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['delivery_attempts', 'deliveries', 'subscriptions', 'parked_events', 'known_orders'])
      await q.query(`DROP TABLE ${table}`);
  }
}
