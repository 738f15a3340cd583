import { Injectable } from '@nestjs/common';
import type { Channel } from '@omni/contracts';
import {
  CursorCodec,
  entitiesFromJson,
  notFoundProblem,
  type ProblemException,
  TransactionHost,
  type Principal,
} from '@omni/platform';
import { In, type SelectQueryBuilder } from 'typeorm';
import { PickupCode } from '../pickup-codes/pickup-code.entity';
import { ReturnLine } from '../status/return-line.entity';
import type { OrderStatus } from '../status/status.rules';
import { TimelineEntry } from '../status/timeline-entry.entity';
import { DEFAULT_PAGE } from './dto/list-orders.query';
import { OrderLine } from './order-line.entity';
import { toOrderView, toSummary, type OrderSummary, type OrderView } from './order-view';
import { Order } from './order.entity';
import { mayView } from './orders.rules';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrderFilter {
  customerId?: string;
  status?: OrderStatus;
  channel?: Channel;
  locationId?: string;
  limit?: number;
  cursor?: string;
}

type JsonRow = Record<string, unknown>;

/** The list a cursor belongs to (a customer's history and staff search page the same way). */
const ORDERS_LIST = 'orders';

export function orderNotFound(id: string): ProblemException {
  // Also the answer for an order the caller may not see: its existence is not disclosed.
  return notFoundProblem('order', id);
}

/** Reads: one order in full, or newest-first keyset pages of summaries. */
@Injectable()
export class OrderReader {
  constructor(
    private readonly tx: TransactionHost,
    private readonly cursors: CursorCodec,
  ) {}

  async get(principal: Principal, id: string): Promise<OrderView> {
    return (await this.read(principal, id)).view;
  }

  /**
   * The order in full and its pickup codes, in one statement (one snapshot, one round trip: shops poll
   * this while they wait). Only the order's own channel is shown the codes (revealPickupCodes).
   */
  async read(principal: Principal, id: string): Promise<{ view: OrderView; pickupCodes: PickupCode[] }> {
    const m = this.tx.manager;
    const [row] = (await m.query(
      `SELECT row_to_json(o) AS "order",
         (SELECT json_agg(l ORDER BY l.line_no) FROM order_lines l WHERE l.order_id = o.id) AS lines,
         (SELECT json_agg(t ORDER BY t.occurred_at, t.seq) FROM order_timeline t WHERE t.order_id = o.id) AS timeline,
         (SELECT json_agg(r ORDER BY r.return_id, r.order_line_id) FROM order_return_lines r WHERE r.order_id = o.id) AS returns,
         (SELECT json_agg(c) FROM pickup_codes c WHERE c.order_id = o.id) AS codes
       FROM orders o WHERE o.id = $1`,
      [id],
    )) as Array<{ order: JsonRow } & Record<'lines' | 'timeline' | 'returns' | 'codes', JsonRow[] | null>>;
    const [order] = entitiesFromJson(m, Order, row ? [row.order] : []);
    if (!order || !mayView(principal, order)) throw orderNotFound(id);
    const view = toOrderView(
      order,
      entitiesFromJson(m, OrderLine, row.lines),
      entitiesFromJson(m, TimelineEntry, row.timeline),
      entitiesFromJson(m, ReturnLine, row.returns),
    );
    return { view, pickupCodes: entitiesFromJson(m, PickupCode, row.codes) };
  }

  /** `visibleTo` narrows the page to what the principal may see; omitted, the filter alone decides. */
  async page(filter: OrderFilter, visibleTo?: Principal): Promise<Page<OrderSummary>> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const qb = this.tx.manager
      .createQueryBuilder(Order, 'o')
      .orderBy('o.placedAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (filter.customerId !== undefined) qb.andWhere('o.customer_id = :customerId', { customerId: filter.customerId });
    if (filter.status) qb.andWhere('o.status = :status', { status: filter.status });
    if (filter.channel) qb.andWhere('o.channel = :channel', { channel: filter.channel });
    if (filter.locationId) qb.andWhere(':locationId = ANY(o.location_ids)', { locationId: filter.locationId });
    if (filter.cursor) {
      const cursor = this.cursors.decodeKeyset(ORDERS_LIST, filter.cursor);
      qb.andWhere('(o.placed_at, o.id) < (:cursorAt::timestamptz, :cursorId::text)', {
        cursorAt: cursor.at,
        cursorId: cursor.id,
      });
    }
    if (visibleTo) restrictTo(qb, visibleTo);
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const lines = items.length
      ? await this.tx.manager.find(OrderLine, { where: { orderId: In(items.map((o) => o.id)) } })
      : [];
    const last = items[items.length - 1];
    return {
      items: items.map((o) =>
        toSummary(
          o,
          lines.filter((l) => l.orderId === o.id),
        ),
      ),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encodeKeyset(ORDERS_LIST, { at: last.placedAt.toISOString(), id: last.id })
          : null,
    };
  }
}

/** The SQL form of mayView(). */
function restrictTo(qb: SelectQueryBuilder<Order>, principal: Principal): void {
  if (principal.role === 'channel')
    qb.andWhere('o.channel = :visibleChannel', { visibleChannel: principal.channel ?? null });
  if (principal.role === 'store')
    qb.andWhere('o.location_ids && :visibleLocations::text[]', { visibleLocations: principal.locations });
}
