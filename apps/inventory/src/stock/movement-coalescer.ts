import { Injectable } from '@nestjs/common';
import { RequestCoalescer, TransactionHost, type Coalesced, type Outcome } from '@omni/platform';
import { Ledger, type LedgerEntry, type MovementView } from './ledger';
import type { LevelRow } from './level-store';
import type { MovementEffect } from './stock.rules';

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
export class MovementCoalescer extends RequestCoalescer<FixedMovementRequest, { movement: MovementView; level: LevelRow }> {
  constructor(
    tx: TransactionHost,
    private readonly ledger: Ledger,
  ) {
    super(tx);
  }

  protected async decide(batch: ReadonlyArray<Coalesced<FixedMovementRequest>>): Promise<Array<Outcome<{ movement: MovementView; level: LevelRow }>>> {
    const recorded = await this.ledger.recordFixed(batch.map(({ request, context }) => ({ ...request, context })));
    return recorded.map((value) => ({ value }));
  }
}
