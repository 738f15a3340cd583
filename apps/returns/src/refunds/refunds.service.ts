import { Injectable } from '@nestjs/common';
import { RefundDecided } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { TransactionHost } from '@omni/platform';
import { ReturnLineRecord, ReturnRecord } from '../returns/return.entity';
import { decideRefund } from './refund.rules';

/** Decides and announces what the customer gets back; runs inside the inspection that completed the return. */
@Injectable()
export class RefundsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
  ) {}

  async decide(record: ReturnRecord, lines: readonly ReturnLineRecord[]): Promise<void> {
    const refund = decideRefund(
      lines.map((l) => ({
        orderLineId: l.orderLineId,
        unitPriceMinor: l.unitPriceMinor,
        qty: l.receivedQty ?? 0,
        feeBps: l.feeBps,
      })),
    );
    const manager = this.tx.manager;
    for (const line of refund.lines) {
      await manager.update(
        ReturnLineRecord,
        { returnId: record.id, orderLineId: line.orderLineId },
        { refundQty: line.qty, feeMinor: line.feeMinor, refundMinor: line.amountMinor },
      );
    }
    await manager.update(ReturnRecord, { id: record.id }, { refundTotalMinor: refund.totalMinor });
    if (!refund.lines.length) return;
    this.events.publish(RefundDecided, record.id, {
      returnId: record.id,
      orderId: record.orderId,
      lines: refund.lines.map((l) => ({
        orderLineId: l.orderLineId,
        qty: l.qty,
        amountMinor: l.amountMinor,
        currency: record.currency,
      })),
      totalMinor: refund.totalMinor,
      currency: record.currency,
    });
  }
}
