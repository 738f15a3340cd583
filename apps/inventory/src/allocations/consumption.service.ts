import { Injectable } from '@nestjs/common';
import { AllocationConsumed, type GoodsLeftV1 } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { TransactionHost } from '@omni/platform';
import { Ledger, type LedgerEntry } from '../stock/ledger';
import { AllocationStore, type AllocationRow } from './allocation-store';
import { consumption } from './allocations.rules';

/**
 * Goods left a location (shipped, or handed over at the counter): a `fulfilment` movement lowers on
 * hand and the allocation's reservation together. Goods that left are a fact: they are recorded even
 * without a matching allocation, and an allocation held elsewhere is released.
 */
@Injectable()
export class ConsumptionService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly ledger: Ledger,
    private readonly store: AllocationStore,
  ) {}

  consume(data: GoodsLeftV1): Promise<void> {
    return this.tx.run(async () => {
      const allocations = await this.store.lockLines(
        data.orderId,
        data.lines.map((l) => l.orderLineId),
      );
      const fresh = await this.store.claimConsumptions(
        data.orderId,
        data.fulfilmentOrderId,
        data.locationId,
        data.lines,
      );
      const lines = data.lines.filter((l) => fresh.has(l.orderLineId));
      if (!lines.length) return;
      const entries: LedgerEntry[] = [];
      const releasedElsewhere: Array<{ sku: string; locationId: string; reservedDelta: number }> = [];
      const updated: AllocationRow[] = [];
      for (const line of lines) {
        const a = allocations.get(line.orderLineId);
        const here =
          a && a.status === 'allocated' && a.locationId === data.locationId && a.sku === line.sku ? a : undefined;
        const c = consumption(here?.reserved ?? 0, line.qty);
        entries.push({
          sku: line.sku,
          locationId: data.locationId,
          type: 'fulfilment',
          quantity: line.qty,
          reservedDelta: c.reservedDelta,
          reference: data.fulfilmentOrderId,
        });
        if (here) {
          const reserved = here.reserved - c.fromAllocation;
          updated.push({
            ...here,
            reserved,
            consumed: here.consumed + c.fromAllocation,
            status: reserved === 0 ? 'consumed' : 'allocated',
          });
        } else if (a && a.reserved > 0) {
          releasedElsewhere.push({ sku: a.sku, locationId: a.locationId, reservedDelta: -a.reserved });
          updated.push({ ...a, reserved: 0, status: 'released' });
        }
      }
      await this.ledger.record(entries, null, releasedElsewhere);
      await this.store.saveStates(updated);
      this.events.publish(AllocationConsumed, data.orderId, {
        orderId: data.orderId,
        fulfilmentOrderId: data.fulfilmentOrderId,
        locationId: data.locationId,
        lines: lines.map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, locationId: data.locationId, qty: l.qty })),
      });
    });
  }
}
