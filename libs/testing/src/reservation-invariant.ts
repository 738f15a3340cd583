import { Client } from 'pg';
import { testDatabaseUrl } from './test-service';

/** A sku x location whose reservation is not explained by its live promises (see reservationViolations). */
export interface ReservationViolation {
  sku: string;
  locationId: string;
  /** stock_levels.reserved */
  reserved: number;
  /** What active holds reserve there. */
  held: number;
  /** What allocations of open order lines reserve there. */
  allocated: number;
  /** What closed order lines (cancelled, unfulfillable, goods gone) and ended holds still reserve there: must be 0. */
  reservedForClosed: number;
  /** The closed lines still reserving there, as `orderId/orderLineId`. */
  closedLines: string[];
}

export interface ReservationCheckOptions {
  /** Lines orders considers closed (cancelled, unfulfillable, or their goods left) count as closed. */
  ordersSchema?: string;
  /** Lines fulfilment considers closed (cancelled, unfulfillable, fulfilled) count as closed. */
  fulfilmentSchema?: string;
  /** Defaults to the test database. */
  databaseUrl?: string;
}

const ident = (schema: string) => `"${schema.replace(/"/g, '""')}"`;

// Order line statuses of orders (status.rules.ts) that still need their stock.
const ORDERS_OPEN = ['placed', 'allocated', 'in_fulfilment', 'ready_for_pickup'];
const FULFILMENT_CLOSED = ['cancelled', 'unfulfillable', 'fulfilled'];

/**
 * The SQL of the stock invariant "reserved = active holds + allocations of open lines, at every sku x
 * location", over inventory's schema: one row per offending sku x location. A line is closed when
 * inventory has a tombstone for it (cancelled or unfulfillable, or its whole order cancelled), or,
 * when their schemas are given, when orders or fulfilment consider it closed.
 */
export function reservationViolationsSql(
  inventorySchema: string,
  options: Pick<ReservationCheckOptions, 'ordersSchema' | 'fulfilmentSchema'> = {},
): string {
  const inv = ident(inventorySchema);
  const closedElsewhere = [
    options.ordersSchema
      ? `SELECT order_id, id FROM ${ident(options.ordersSchema)}.order_lines WHERE status <> ALL ('{${ORDERS_OPEN.join(',')}}'::text[])`
      : null,
    options.fulfilmentSchema
      ? `SELECT order_id, order_line_id FROM ${ident(options.fulfilmentSchema)}.order_lines WHERE status = ANY ('{${FULFILMENT_CLOSED.join(',')}}'::text[])`
      : null,
  ].filter((s): s is string => s !== null);
  return `
    WITH closed(order_id, order_line_id) AS (
      SELECT order_id, order_line_id FROM ${inv}.cancelled_order_lines WHERE order_line_id <> '*'
      UNION SELECT a.order_id, a.order_line_id FROM ${inv}.allocations a JOIN ${inv}.cancelled_order_lines c ON c.order_id = a.order_id AND c.order_line_id = '*'
      ${closedElsewhere.map((s) => `UNION ${s}`).join('\n      ')}
    ), promised AS (
      SELECT a.sku, a.location_id,
        coalesce(sum(a.reserved) FILTER (WHERE a.status = 'allocated' AND c.order_id IS NULL), 0)::int AS allocated,
        coalesce(sum(a.reserved) FILTER (WHERE a.status <> 'allocated' OR c.order_id IS NOT NULL), 0)::int AS closed_reserved,
        coalesce(array_agg(a.order_id || '/' || a.order_line_id ORDER BY a.order_id, a.order_line_id)
          FILTER (WHERE a.status <> 'allocated' OR c.order_id IS NOT NULL), '{}') AS closed_lines
      FROM ${inv}.allocations a LEFT JOIN closed c ON c.order_id = a.order_id AND c.order_line_id = a.order_line_id
      WHERE a.reserved > 0 GROUP BY a.sku, a.location_id
    ), held AS (
      SELECT l.sku, l.location_id,
        coalesce(sum(l.reserved) FILTER (WHERE h.status = 'active'), 0)::int AS held,
        coalesce(sum(l.reserved) FILTER (WHERE h.status <> 'active'), 0)::int AS ended
      FROM ${inv}.hold_lines l JOIN ${inv}.holds h ON h.id = l.hold_id
      WHERE l.reserved > 0 GROUP BY l.sku, l.location_id
    ), figures AS (
      SELECT coalesce(s.sku, p.sku, h.sku) AS sku, coalesce(s.location_id, p.location_id, h.location_id) AS location_id,
        coalesce(s.reserved, 0) AS reserved, coalesce(h.held, 0) AS held, coalesce(p.allocated, 0) AS allocated,
        coalesce(p.closed_reserved, 0) + coalesce(h.ended, 0) AS reserved_for_closed, coalesce(p.closed_lines, '{}') AS closed_lines
      FROM ${inv}.stock_levels s
      FULL JOIN promised p ON p.sku = s.sku AND p.location_id = s.location_id
      FULL JOIN held h ON h.sku = coalesce(s.sku, p.sku) AND h.location_id = coalesce(s.location_id, p.location_id)
    )
    SELECT sku, location_id AS "locationId", reserved, held, allocated, reserved_for_closed AS "reservedForClosed", closed_lines AS "closedLines"
    FROM figures WHERE reserved <> held + allocated OR reserved_for_closed > 0
    ORDER BY sku, location_id`;
}

/**
 * Every sku x location of an inventory schema where reserved is not active holds + allocations of
 * open lines, or where closed lines or ended holds still reserve: empty when the invariant holds.
 * Run it once the system is quiet (every event handled): in flight, a release may not have landed yet.
 */
export async function reservationViolations(
  inventorySchema: string,
  options: ReservationCheckOptions = {},
): Promise<ReservationViolation[]> {
  const client = new Client({ connectionString: options.databaseUrl ?? testDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<ReservationViolation>(reservationViolationsSql(inventorySchema, options))).rows;
  } finally {
    await client.end();
  }
}
