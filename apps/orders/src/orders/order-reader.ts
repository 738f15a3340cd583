import { Injectable } from '@nestjs/common';
import type { Channel } from '@omni/contracts';
import { CursorCodec, notFoundProblem, type ProblemException, TransactionHost, type Principal } from '@omni/platform';
import { In, type SelectQueryBuilder } from 'typeorm';
import { ReturnsLedger } from '../status/returns-ledger';
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
    private readonly returns: ReturnsLedger,
    private readonly cursors: CursorCodec,
  ) {}

  async get(principal: Principal, id: string): Promise<OrderView> {
    const m = this.tx.manager;
    const order = await m.findOne(Order, { where: { id } });
    if (!order || !mayView(principal, order)) throw orderNotFound(id);
    // One after another: inside a transaction (cancel answers with the order) they share one connection.
    const lines = await m.find(OrderLine, { where: { orderId: id }, order: { lineNo: 'ASC' } });
    const timeline = await m.find(TimelineEntry, { where: { orderId: id }, order: { occurredAt: 'ASC', seq: 'ASC' } });
    const returns = await this.returns.forOrder(id);
    return toOrderView(order, lines, timeline, returns);
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
