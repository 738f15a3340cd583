import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import { RequestCoalescer, type Coalesced, type Outcome } from '../coalescing/request-coalescer';
import type { LevelView } from './dto/stock.dto';
import { Ledger, type LedgerEntry, type MovementView } from './ledger';
import { toLevelView } from './level-view';
import type { MovementEffect } from './stock.rules';

type RecordedMovement = { movement: MovementView; level: LevelView };

export interface FixedMovementRequest {
  entry: LedgerEntry;
  effect: MovementEffect;
  principal: string;
}

/**
 * Concurrent movements whose effect does not depend on the level (POS sales, receipts: never
 * refused) in one transaction and one statement (Ledger.recordFixed). A till rush on a store then
 * costs one transaction per batch instead of one per scan.
 */
@Injectable()
export class MovementCoalescer extends RequestCoalescer<FixedMovementRequest, RecordedMovement> {
  constructor(
    tx: TransactionHost,
    private readonly ledger: Ledger,
  ) {
    super(tx);
  }

  /** Each outcome is the route's answer as it is recorded for its Idempotency-Key and replayed. */
  protected async decide(
    batch: ReadonlyArray<Coalesced<FixedMovementRequest>>,
  ): Promise<Array<Outcome<RecordedMovement>>> {
    const recorded = await this.ledger.recordFixed(batch.map(({ request, context }) => ({ ...request, context })));
    return recorded.map(({ movement, level }) => ({ value: { movement, level: toLevelView(level) } }));
  }
}
