import { Injectable } from '@nestjs/common';
import { DiscrepancyDetected, type AffectedAllocationV1, type AffectedHoldV1 } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost } from '@omni/platform';
import type { LevelRow } from './level-store';
import { shortBy } from './stock.rules';

// Enough for any owner to act on; a level with more promises than this is listed in part.
const MAX_AFFECTED = 200;

interface PromiseRow {
  kind: 'allocation' | 'hold';
  orderId: string | null;
  orderLineId: string | null;
  holdId: string | null;
  qty: number;
}

/**
 * A movement that left fewer intact units than are promised is accepted (the sale happened) and
 * announced, naming the promises at risk so their owners can re-source them.
 */
@Injectable()
export class Discrepancies {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
  ) {}

  async reportIfShort(level: LevelRow, movement: { id: string; type: string }): Promise<void> {
    const short = shortBy(level);
    if (short === 0) return;
    const promises: PromiseRow[] = await queryRows(
      this.tx.manager,
      `(SELECT 'allocation' AS kind, order_id AS "orderId", order_line_id AS "orderLineId", NULL AS "holdId", reserved AS qty
          FROM allocations WHERE sku = $1 AND location_id = $2 AND reserved > 0 ORDER BY created_at DESC LIMIT $3)
       UNION ALL
       (SELECT 'hold', NULL, NULL, hold_id::text, reserved
          FROM hold_lines WHERE sku = $1 AND location_id = $2 AND reserved > 0 LIMIT $3)`,
      [level.sku, level.locationId, MAX_AFFECTED],
    );
    const allocations: AffectedAllocationV1[] = promises
      .filter((p) => p.kind === 'allocation')
      .map((p) => ({ orderId: p.orderId ?? '', orderLineId: p.orderLineId ?? '', qty: p.qty }));
    const holds: AffectedHoldV1[] = promises
      .filter((p) => p.kind === 'hold')
      .map((p) => ({ holdId: p.holdId ?? '', qty: p.qty }));
    this.events.publish(DiscrepancyDetected, level.sku, {
      sku: level.sku,
      locationId: level.locationId,
      onHand: level.onHand,
      reserved: level.reserved,
      damaged: level.damaged,
      shortBy: short,
      movementId: movement.id,
      movementType: movement.type,
      allocations,
      holds,
    });
  }
}
