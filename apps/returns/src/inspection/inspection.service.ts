import { Injectable } from '@nestjs/common';
import { ItemRestocked, ItemSentToVendor, ItemTransferred, LineInspected } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { forbiddenProblem, mayInspectReturn, mayReadReturn, TransactionHost, type Principal } from '@omni/platform';
import { RefundsService } from '../refunds/refunds.service';
import type { ReturnView } from '../returns/dto/return.dto';
import { returnInWrongState, returnNotFound, returnRuleBroken } from '../returns/return-problems';
import { ReturnAccess } from '../returns/return-access';
import { ReturnViews } from '../returns/return-views';
import { ReturnLineRecord, ReturnRecord } from '../returns/return.entity';
import { DispositionRecord } from './disposition.entity';
import type { DispositionDto } from './dto/inspect.dto';
import { afterInspection, fullyInspected, inspectionProblem, type InspectableLine } from './inspection.rules';

interface InspectedUnits {
  record: ReturnRecord;
  line: ReturnLineRecord;
  entry: DispositionDto;
  locationId: string;
}

/** Records dispositions, tells inventory what happens to the units, and decides the refund once every unit is inspected. */
@Injectable()
export class InspectionService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly refunds: RefundsService,
    private readonly views: ReturnViews,
    private readonly access: ReturnAccess,
  ) {}

  inspect(principal: Principal, id: string, entries: readonly DispositionDto[]): Promise<ReturnView> {
    return this.tx.run(async (manager) => {
      const record = await manager.findOne(ReturnRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const facts = record ? await this.access.factsOf(record) : undefined;
      if (!record || !facts || !mayReadReturn(principal, facts)) throw returnNotFound(id);
      // Inspection happens where the units are: store staff only at the receiving store (before receipt, the state says no).
      if (record.receivedLocationId && !mayInspectReturn(principal, facts)) {
        throw forbiddenProblem(`return ${id} is inspected where it was received, not by "${principal.sub}"`);
      }
      const lines = await manager.find(ReturnLineRecord, { where: { returnId: id } });
      const inspectable = await this.inspectable(id, lines);
      const locationId = record.receivedLocationId ?? '';
      const problem = inspectionProblem(record.status, inspectable, entries, locationId);
      if (problem)
        throw problem.rule === 'return-status'
          ? returnInWrongState(problem.detail)
          : returnRuleBroken(problem.rule, problem.detail, problem.orderLineId);

      const now = new Date();
      await manager.insert(
        DispositionRecord,
        entries.map((e) => ({
          returnId: id,
          orderLineId: e.orderLineId,
          disposition: e.disposition,
          qty: e.qty,
          toLocationId: e.toLocationId ?? null,
          note: e.note ?? null,
          inspectedBy: principal.sub,
          inspectedAt: now,
        })),
      );
      const byLine = new Map(lines.map((l) => [l.orderLineId, l]));
      for (const entry of entries)
        this.announce({ record, line: byLine.get(entry.orderLineId) as ReturnLineRecord, entry, locationId });

      if (fullyInspected(afterInspection(inspectable, entries))) {
        await manager.update(ReturnRecord, { id }, { status: 'inspected', inspectedAt: now });
        await this.refunds.decide(record, lines);
      }
      return (await this.views.byId(id)) as ReturnView;
    });
  }

  private async inspectable(returnId: string, lines: readonly ReturnLineRecord[]): Promise<InspectableLine[]> {
    const done: Array<{ order_line_id: string; qty: number }> = await this.tx.manager.query(
      `SELECT order_line_id, SUM(qty)::int AS qty FROM dispositions WHERE return_id = $1 GROUP BY order_line_id`,
      [returnId],
    );
    const inspected = new Map(done.map((d) => [d.order_line_id, d.qty]));
    return lines.map((l) => ({
      orderLineId: l.orderLineId,
      receivedQty: l.receivedQty ?? 0,
      inspectedQty: inspected.get(l.orderLineId) ?? 0,
    }));
  }

  /** Restocked and damaged units enter the receiving location's stock; units for a vendor or a DC never do. */
  private announce({ record, line, entry, locationId }: InspectedUnits): void {
    const refs = { returnId: record.id, orderId: record.orderId, orderLineId: line.orderLineId };
    const { sku } = line;
    const { qty, disposition } = entry;
    this.events.publish(LineInspected, record.id, {
      ...refs,
      sku,
      locationId,
      qty,
      disposition,
      ...(entry.toLocationId ? { toLocationId: entry.toLocationId } : {}),
    });
    switch (disposition) {
      case 'restock':
      case 'damaged':
        this.events.publish(ItemRestocked, record.id, { ...refs, sku, locationId, qty, disposition });
        return;
      case 'return-to-vendor':
        this.events.publish(ItemSentToVendor, record.id, { ...refs, sku, locationId, qty });
        return;
      case 'transfer':
        this.events.publish(ItemTransferred, record.id, {
          ...refs,
          sku,
          fromLocationId: locationId,
          toLocationId: entry.toLocationId as string,
          qty,
        });
        return;
    }
  }
}
