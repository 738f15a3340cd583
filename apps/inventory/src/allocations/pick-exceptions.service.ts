import { Injectable } from '@nestjs/common';
import { AllocationReleased, type FulfilmentOrderRejectedV1, type ShortPickedV1 } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { TransactionHost } from '@omni/platform';
import { Ledger, type LedgerEntry } from '../stock/ledger';
import type { SystemMovementType } from '../stock/stock.rules';
import { AllocationStore, type AllocationRow } from './allocation-store';

interface ReportedLine {
  orderLineId: string;
  sku: string;
  /** The stock correction the report implies, if any. */
  correction: { type: SystemMovementType; quantity: number } | null;
}

/**
 * What pickers report at a location: units not on the shelf, units found damaged, a fulfilment order
 * given back. The shelf figure is corrected (a fact, never refused) and the lines' allocations there
 * are released so fulfilment can re-source them; other promises the correction breaks surface as a
 * discrepancy.
 */
@Injectable()
export class PickExceptionsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly ledger: Ledger,
    private readonly store: AllocationStore,
  ) {}

  shortPicked(data: ShortPickedV1): Promise<void> {
    const lines = data.lines.map((l) => ({
      orderLineId: l.orderLineId,
      sku: l.sku,
      correction: { type: 'pick_short' as const, quantity: l.shortQty },
    }));
    return this.report(data.orderId, data.fulfilmentOrderId, data.locationId, lines, 'short-picked');
  }

  rejected(data: FulfilmentOrderRejectedV1): Promise<void> {
    const type: SystemMovementType | null =
      data.reason === 'out_of_stock' ? 'pick_short' : data.reason === 'damaged' ? 'found_damaged' : null;
    const lines = data.lines.map((l) => ({
      orderLineId: l.orderLineId,
      sku: l.sku,
      correction: type ? { type, quantity: l.qty } : null,
    }));
    return this.report(
      data.orderId,
      data.fulfilmentOrderId,
      data.locationId,
      lines,
      `fulfilment-order-rejected:${data.reason}`,
    );
  }

  private report(
    orderId: string,
    fulfilmentOrderId: string,
    locationId: string,
    lines: readonly ReportedLine[],
    reason: string,
  ): Promise<void> {
    return this.tx.run(async () => {
      const allocations = await this.store.lockLines(
        orderId,
        lines.map((l) => l.orderLineId),
      );
      const released = lines
        .map((l) => allocations.get(l.orderLineId))
        .filter(
          (a): a is AllocationRow => !!a && a.status === 'allocated' && a.reserved > 0 && a.locationId === locationId,
        );
      const entries: LedgerEntry[] = lines.flatMap((l) =>
        l.correction
          ? [
              {
                sku: l.sku,
                locationId,
                type: l.correction.type,
                quantity: l.correction.quantity,
                reason,
                reference: fulfilmentOrderId,
              },
            ]
          : [],
      );
      const reservations = released.map((a) => ({ sku: a.sku, locationId: a.locationId, reservedDelta: -a.reserved }));
      if (entries.length || reservations.length) await this.ledger.record(entries, null, reservations);
      await this.store.saveStates(released.map((a) => ({ ...a, reserved: 0, status: 'released' })));
      if (!released.length) return;
      this.events.publish(AllocationReleased, orderId, {
        orderId,
        reason,
        lines: released.map((a) => ({
          orderLineId: a.orderLineId,
          sku: a.sku,
          locationId: a.locationId,
          qty: a.reserved,
        })),
      });
    });
  }
}
