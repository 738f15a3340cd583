import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import type { SoldLine } from '../orders-projection/orders-projection.service';
import type { LineFacts } from '../policy/policy.rules';
import { committedQty, type ReturnStatus } from './returns.rules';

/** Each sold line with the units already returned or on their way back, counted across all its returns: what the policy checks. */
@Injectable()
export class LineFactsReader {
  constructor(private readonly tx: TransactionHost) {}

  async of(orderId: string, sold: readonly SoldLine[]): Promise<Map<string, LineFacts>> {
    const held: Array<{
      order_line_id: string;
      status: ReturnStatus;
      authorised_qty: number;
      received_qty: number | null;
    }> = await this.tx.manager.query(
      `SELECT rl.order_line_id, r.status, rl.authorised_qty, rl.received_qty
       FROM return_lines rl JOIN returns r ON r.id = rl.return_id
       WHERE r.order_id = $1`,
      [orderId],
    );
    const committed = new Map<string, number>();
    for (const h of held) {
      const qty = committedQty({ status: h.status, authorisedQty: h.authorised_qty, receivedQty: h.received_qty });
      committed.set(h.order_line_id, (committed.get(h.order_line_id) ?? 0) + qty);
    }
    return new Map(
      sold.map(({ line, fulfilled, windowOpensAt }) => [
        line.orderLineId,
        {
          orderLineId: line.orderLineId,
          sku: line.sku,
          bought: line.qty,
          fulfilled,
          committed: committed.get(line.orderLineId) ?? 0,
          cancelled: line.cancelled,
          windowOpensAt,
          currency: line.currency,
        },
      ]),
    );
  }
}
