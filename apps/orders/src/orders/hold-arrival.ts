import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import { filter, firstValueFrom, map, of, timeout } from 'rxjs';
import { KnownHold } from '../holds/known-hold.entity';
import { InventoryView } from '../projections/inventory-view';

/**
 * How long a placement waits for a hold orders has not heard of before it is answered `pending`.
 * A shop takes the hold and places the order at once, so the hold is usually on its way (inventory's
 * outbox, the log, orders' changelog reader: tens of ms on a quiet machine, most of a second in a
 * flash sale). Waiting for it here places the order in its first transaction; a pending order costs
 * a second transaction later, its wait's rows, and the shop a longer wait.
 */
export const HOLD_ARRIVAL_WAIT_MS = 1000;

/** Lets a placement wait, briefly and before its transaction, for the hold it carries to reach orders' view. */
@Injectable()
export class HoldArrival {
  constructor(
    private readonly view: InventoryView,
    private readonly tx: TransactionHost,
  ) {}

  /** Resolves once the hold is known here, or after `waitMs` (the placement then decides as it always has). */
  async awaitHold(holdId: string, waitMs = HOLD_ARRIVAL_WAIT_MS): Promise<void> {
    const ref = { kind: 'hold' as const, ref: holdId };
    // A cold view is no reason to wait: the order waits as pending until the view has caught up.
    if (!this.view.caughtUp || this.view.arrivedLately(ref)) return;
    const mark = this.view.arrivalMark;
    if (await this.tx.manager.exists(KnownHold, { where: { id: holdId } })) return;
    const arrived = firstValueFrom(
      this.view.arrived.pipe(
        filter((a) => a.holds.includes(holdId)),
        map(() => true),
        timeout({ first: waitMs, with: () => of(false) }),
      ),
    );
    // It may have arrived between the read above and listening.
    if (this.view.arrivedSince(mark, [ref])) return;
    await arrived;
  }
}
