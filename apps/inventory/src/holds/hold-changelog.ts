import { Injectable } from '@nestjs/common';
import { HoldSnapshot, type HoldSnapshotV1 } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost } from '@omni/platform';

/**
 * Publishes holds' whole current state to their changelog (inventory.hold-snapshot, keyed by hold id),
 * inside the transaction that changed them: what orders and fulfilment rebuild their hold views from.
 */
@Injectable()
export class HoldChangelog {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
  ) {}

  publish(snapshots: readonly Omit<HoldSnapshotV1, 'updatedAt'>[]): void {
    const updatedAt = new Date().toISOString();
    for (const s of snapshots) this.events.publish(HoldSnapshot, s.holdId, { ...s, updatedAt });
  }

  /** Reads the holds as this transaction sees them (after its change) and publishes them. */
  async publishCurrent(holdIds: readonly string[]): Promise<void> {
    if (!holdIds.length) return;
    const rows = await queryRows<Omit<HoldSnapshotV1, 'updatedAt' | 'expiresAt'> & { expiresAt: Date }>(
      this.tx.manager,
      `SELECT h.id AS "holdId", h.channel, h.principal, h.status, h.expires_at AS "expiresAt",
              coalesce((SELECT json_agg(json_build_object('lineNo', l.line_no, 'sku', l.sku, 'locationId', l.location_id, 'qty', l.reserved) ORDER BY l.line_no)
                        FROM hold_lines l WHERE l.hold_id = h.id AND l.reserved > 0), '[]') AS lines
       FROM holds h WHERE h.id = ANY($1::uuid[])`,
      [holdIds],
    );
    this.publish(rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString() })));
  }
}
