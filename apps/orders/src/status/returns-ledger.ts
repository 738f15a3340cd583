import { Injectable } from '@nestjs/common';
import type { ReceivedLineV1, RefundLineV1 } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';
import type { OrderState } from './journey';

export interface ReturnTotals {
  received: number;
  refunded: number;
}

/**
 * What returns did to an order's lines, one row per return x line: a repeated announcement of the
 * same return overwrites its row instead of adding to it. Callers hold the order's lock.
 */
@Injectable()
export class ReturnsLedger {
  constructor(private readonly tx: TransactionHost) {}

  async received(
    state: OrderState,
    returnId: string,
    locationId: string,
    lines: readonly ReceivedLineV1[],
  ): Promise<Map<string, ReturnTotals>> {
    const qtyByLine = sumBy(ofOrder(state, lines), (l) => l.qty);
    for (const [orderLineId, receivedQty] of qtyByLine) {
      await this.tx.manager.query(
        `INSERT INTO order_return_lines (return_id, order_line_id, order_id, location_id, received_qty)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (return_id, order_line_id) DO UPDATE SET received_qty = EXCLUDED.received_qty, location_id = EXCLUDED.location_id`,
        [returnId, orderLineId, state.order.id, locationId, receivedQty],
      );
    }
    return this.totals(state.order.id, [...qtyByLine.keys()]);
  }

  async refunded(
    state: OrderState,
    returnId: string,
    lines: readonly RefundLineV1[],
  ): Promise<Map<string, ReturnTotals>> {
    const mine = ofOrder(state, lines);
    const qtyByLine = sumBy(mine, (l) => l.qty);
    const minorByLine = sumBy(mine, (l) => l.amountMinor);
    for (const [orderLineId, refundedQty] of qtyByLine) {
      const currency = mine.find((l) => l.orderLineId === orderLineId)?.currency ?? null;
      await this.tx.manager.query(
        `INSERT INTO order_return_lines (return_id, order_line_id, order_id, refunded_qty, refunded_minor, currency)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (return_id, order_line_id) DO UPDATE
           SET refunded_qty = EXCLUDED.refunded_qty, refunded_minor = EXCLUDED.refunded_minor, currency = EXCLUDED.currency`,
        [returnId, orderLineId, state.order.id, refundedQty, minorByLine.get(orderLineId) ?? 0, currency],
      );
    }
    return this.totals(state.order.id, [...qtyByLine.keys()]);
  }

  private async totals(orderId: string, lineIds: string[]): Promise<Map<string, ReturnTotals>> {
    const rows: Array<{ order_line_id: string; received: string; refunded: string }> = await this.tx.manager.query(
      `SELECT order_line_id, sum(received_qty) AS received, sum(refunded_qty) AS refunded
       FROM order_return_lines WHERE order_id = $1 AND order_line_id = ANY($2) GROUP BY order_line_id`,
      [orderId, lineIds],
    );
    return new Map(rows.map((r) => [r.order_line_id, { received: Number(r.received), refunded: Number(r.refunded) }]));
  }
}

/** Only lines of this order count: another order's line id in the event is ignored, not trusted. */
function ofOrder<L extends { orderLineId: string }>(state: OrderState, lines: readonly L[]): L[] {
  const ids = new Set(state.lines.map((l) => l.id));
  return lines.filter((l) => ids.has(l.orderLineId));
}

function sumBy<L extends { orderLineId: string }>(
  lines: readonly L[],
  value: (line: L) => number,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.orderLineId, (sums.get(l.orderLineId) ?? 0) + value(l));
  return sums;
}
