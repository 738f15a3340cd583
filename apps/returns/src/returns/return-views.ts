import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import { In } from 'typeorm';
import { DispositionRecord } from '../inspection/disposition.entity';
import type { ReturnLineView, ReturnView } from './dto/return.dto';
import { ReturnLineRecord, ReturnRecord } from './return.entity';

/** Reads returns as the API shows them, inside the ambient transaction when there is one. */
@Injectable()
export class ReturnViews {
  constructor(private readonly tx: TransactionHost) {}

  async byId(id: string): Promise<ReturnView | undefined> {
    const record = await this.tx.manager.findOne(ReturnRecord, { where: { id } });
    return record ? (await this.build([record]))[0] : undefined;
  }

  async forOrder(orderId: string): Promise<ReturnView[]> {
    const records = await this.tx.manager.find(ReturnRecord, {
      where: { orderId },
      order: { authorisedAt: 'ASC', id: 'ASC' },
    });
    return this.build(records);
  }

  private async build(records: readonly ReturnRecord[]): Promise<ReturnView[]> {
    if (!records.length) return [];
    const ids = records.map((r) => r.id);
    const lines = await this.tx.manager.find(ReturnLineRecord, {
      where: { returnId: In(ids) },
      order: { orderLineId: 'ASC' },
    });
    const dispositions = await this.tx.manager.find(DispositionRecord, {
      where: { returnId: In(ids) },
      order: { id: 'ASC' },
    });
    return records.map((r) =>
      toView(
        r,
        lines.filter((l) => l.returnId === r.id),
        dispositions.filter((d) => d.returnId === r.id),
      ),
    );
  }
}

function toView(
  r: ReturnRecord,
  lines: readonly ReturnLineRecord[],
  dispositions: readonly DispositionRecord[],
): ReturnView {
  return {
    id: r.id,
    orderId: r.orderId,
    status: r.status,
    channel: r.channel,
    customerId: r.customerId,
    returnTo: { method: r.returnMethod, locationId: r.returnLocationId },
    authorisedAt: r.authorisedAt.toISOString(),
    received:
      r.receivedLocationId && r.receivedAt
        ? { locationId: r.receivedLocationId, at: r.receivedAt.toISOString() }
        : null,
    inspectedAt: r.inspectedAt?.toISOString() ?? null,
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    currency: r.currency,
    refund: r.refundTotalMinor === null ? null : { totalMinor: r.refundTotalMinor, currency: r.currency },
    lines: lines.map((l) => lineView(l, dispositions)),
  };
}

function lineView(l: ReturnLineRecord, dispositions: readonly DispositionRecord[]): ReturnLineView {
  return {
    orderLineId: l.orderLineId,
    sku: l.sku,
    reason: l.reason,
    authorisedQty: l.authorisedQty,
    receivedQty: l.receivedQty,
    unitPriceMinor: l.unitPriceMinor,
    dispositions: dispositions
      .filter((d) => d.orderLineId === l.orderLineId)
      .map((d) => ({
        disposition: d.disposition,
        qty: d.qty,
        toLocationId: d.toLocationId,
        note: d.note,
        inspectedAt: d.inspectedAt.toISOString(),
      })),
    refund:
      l.refundQty === null ? null : { qty: l.refundQty, feeMinor: l.feeMinor ?? 0, amountMinor: l.refundMinor ?? 0 },
  };
}
