import { Injectable } from '@nestjs/common';
import type { FulfilmentLinesV1, GoodsLeftV1, OrderCancelledV1, OrderPlacedV1 } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';
import { In } from 'typeorm';
import { fulfilledQty, lineWindowOpensAt, type FulfilmentKind } from './fulfilment.rules';
import { LineFulfilment } from './line-fulfilment.entity';
import { ProjectedOrderLine } from './order-line.entity';

/** What staff read out of an order id (the console shows it so): its first 8 characters. */
export const SHORT_NUMBER_LENGTH = 8;

/** An order line with what reached the customer: what a return of it is checked against. */
export interface SoldLine {
  line: ProjectedOrderLine;
  fulfilled: number;
  windowOpensAt: Date | null;
}

/**
 * Returns' own view of orders, built from orders' and fulfilment's events. Writes are upserts on
 * natural keys, so a replayed topic leaves it unchanged even without the inbox.
 */
@Injectable()
export class OrdersProjectionService {
  constructor(private readonly tx: TransactionHost) {}

  async recordPlaced(order: OrderPlacedV1): Promise<void> {
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(ProjectedOrderLine)
        .values(
          order.lines.map((l) => ({
            orderId: order.orderId,
            orderLineId: l.orderLineId,
            lineNo: l.lineNo,
            sku: l.sku,
            qty: l.qty,
            unitPriceMinor: l.unitPriceMinor,
            currency: l.currency,
            channel: order.channel,
            customerId: order.customer.id,
            externalRef: order.externalRef ?? null,
            placedAt: new Date(order.placedAt),
            cancelled: false,
          })),
        )
        .orIgnore()
        .execute(),
    );
  }

  async recordCancelled(cancel: OrderCancelledV1): Promise<void> {
    await this.tx.run((manager) =>
      manager.update(
        ProjectedOrderLine,
        { orderId: cancel.orderId, ...(cancel.lineIds ? { orderLineId: In(cancel.lineIds) } : {}) },
        { cancelled: true },
      ),
    );
  }

  /** A handover or dispatch: the units left at `occurredAt`. */
  async recordGoodsLeft(kind: FulfilmentKind, goods: GoodsLeftV1, occurredAt: string): Promise<void> {
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(LineFulfilment)
        .values(
          goods.lines.map((l) => ({
            fulfilmentOrderId: goods.fulfilmentOrderId,
            orderLineId: l.orderLineId,
            orderId: goods.orderId,
            locationId: goods.locationId,
            kind,
            qty: l.qty,
            leftAt: new Date(occurredAt),
            deliveredAt: null,
          })),
        )
        // A delivery seen first left a row without a departure: complete it, keep its delivery time.
        .orUpdate(['location_id', 'qty', 'left_at'], ['fulfilment_order_id', 'order_line_id'])
        .execute(),
    );
  }

  async recordDelivered(shipment: FulfilmentLinesV1, occurredAt: string): Promise<void> {
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(LineFulfilment)
        .values(
          shipment.lines.map((l) => ({
            fulfilmentOrderId: shipment.fulfilmentOrderId,
            orderLineId: l.orderLineId,
            orderId: shipment.orderId,
            locationId: null,
            kind: 'shipment' as const,
            qty: l.qty,
            leftAt: null,
            deliveredAt: new Date(occurredAt),
          })),
        )
        .orUpdate(['delivered_at'], ['fulfilment_order_id', 'order_line_id'])
        .execute(),
    );
  }

  /**
   * Orders found by what a customer or a receipt gives the returns desk: the order id, its first
   * SHORT_NUMBER_LENGTH characters or more, or the channel's reference (any case). Newest first; only
   * `channel`'s when given.
   */
  async ordersNumbered(number: string, options: { channel?: string; limit: number }): Promise<string[]> {
    const prefix = number.length >= SHORT_NUMBER_LENGTH ? `${number.toLowerCase().replaceAll('_', '\\_')}%` : null;
    const rows: Array<{ order_id: string }> = await this.tx.manager.query(
      `SELECT order_id FROM order_lines
        WHERE (order_id = $1 OR order_id LIKE $2 OR lower(external_ref) = lower($1))
          AND ($3::text IS NULL OR channel = $3)
        GROUP BY order_id ORDER BY max(placed_at) DESC, order_id LIMIT $4`,
      [number, prefix, options.channel ?? null, options.limit],
    );
    return rows.map((r) => r.order_id);
  }

  /**
   * The order's lines with what reached the customer. With `lock`, the lines stay locked until the
   * transaction ends: returns of one order are checked one after the other, never both against the
   * same free units.
   */
  async soldLines(orderId: string, options: { lock: boolean }): Promise<SoldLine[]> {
    const query = this.tx.manager
      .getRepository(ProjectedOrderLine)
      .createQueryBuilder('l')
      .where('l.order_id = :orderId', { orderId })
      .orderBy('l.line_no');
    const lines = await (options.lock ? query.setLock('pessimistic_write') : query).getMany();
    if (!lines.length) return [];
    const facts = await this.tx.manager.getRepository(LineFulfilment).find({ where: { orderId } });
    return lines.map((line) => {
      const own = facts.filter((f) => f.orderLineId === line.orderLineId);
      return { line, fulfilled: fulfilledQty(own), windowOpensAt: lineWindowOpensAt(own) };
    });
  }
}
