import { Injectable } from '@nestjs/common';
import { PROBLEMS, type Channel } from '@omni/contracts';
import { ProblemException, TransactionHost, type Principal } from '@omni/platform';
import {
  attribute,
  periodProblem,
  UNCREDITED_LINE_STATUSES,
  type Attribution,
  type RefundRow,
  type SalesRow,
} from './attribution.rules';
import type { AttributionQuery } from './dto/attribution.query';

export interface AttributionReport extends Attribution {
  from: string;
  to: string;
}

/** Orders are counted by when they were placed; refunds against them by the same orders. */
@Injectable()
export class AttributionService {
  constructor(private readonly tx: TransactionHost) {}

  async report(principal: Principal, query: AttributionQuery): Promise<AttributionReport> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    const problem = periodProblem(from, to);
    if (problem)
      throw new ProblemException(PROBLEMS.invalidRequest, problem, { errors: [{ field: 'to', message: problem }] });
    // Store staff see their own stores only; null means every store.
    const locations = query.locationId ? [query.locationId] : principal.role === 'store' ? principal.locations : null;
    const params = [from, to, locations];
    const sales: Array<Record<string, string | string[]>> = await this.tx.manager.query(
      `SELECT o.assisted_by_staff_id AS staff_id, o.assisted_by_location_id AS location_id, l.currency,
              sum(l.qty * l.unit_price_minor) AS sales_minor, sum(l.qty) AS units, count(DISTINCT o.id) AS orders,
              array_agg(DISTINCT o.channel) AS channels
       FROM orders o JOIN order_lines l ON l.order_id = o.id
       WHERE o.assisted_by_staff_id IS NOT NULL AND o.placed_at >= $1 AND o.placed_at < $2
         AND ($3::text[] IS NULL OR o.assisted_by_location_id = ANY($3)) AND l.status <> ALL($4)
       GROUP BY 1, 2, 3`,
      [...params, UNCREDITED_LINE_STATUSES],
    );
    const refunds: Array<Record<string, string>> = await this.tx.manager.query(
      `SELECT o.assisted_by_staff_id AS staff_id, o.assisted_by_location_id AS location_id, r.currency, sum(r.refunded_minor) AS refunded_minor
       FROM orders o JOIN order_return_lines r ON r.order_id = o.id
       WHERE o.assisted_by_staff_id IS NOT NULL AND o.placed_at >= $1 AND o.placed_at < $2
         AND ($3::text[] IS NULL OR o.assisted_by_location_id = ANY($3)) AND r.currency IS NOT NULL
       GROUP BY 1, 2, 3`,
      params,
    );
    const salesRows: SalesRow[] = sales.map((r) => ({
      staffId: String(r.staff_id),
      locationId: String(r.location_id),
      currency: String(r.currency),
      salesMinor: Number(r.sales_minor),
      units: Number(r.units),
      orders: Number(r.orders),
      channels: r.channels as Channel[],
    }));
    const refundRows: RefundRow[] = refunds.map((r) => ({
      staffId: r.staff_id,
      locationId: r.location_id,
      currency: r.currency,
      refundedMinor: Number(r.refunded_minor),
    }));
    return { from: from.toISOString(), to: to.toISOString(), ...attribute(salesRows, refundRows) };
  }
}
