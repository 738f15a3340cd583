import { Injectable } from '@nestjs/common';
import { PROBLEMS, type HoldSnapshotV1 } from '@omni/contracts';
import { ProblemException, TransactionHost, unnestColumns } from '@omni/platform';
import { holdRefusalDetail, holdVerdict, type HoldRefusal, type HoldVerdict } from './holds.rules';
import { KnownHold } from './known-hold.entity';

/** The projection of inventory's cart holds (from its holds changelog), and the claim an order makes on one. */
@Injectable()
export class HoldsService {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Writes the holds' states, the newest by inventory's timestamp; an ended or converted hold never
   * becomes active again (a replayed older record). The order that carried a hold is orders' own and kept.
   * Answers the ids written.
   */
  async applySnapshots(holds: readonly HoldSnapshotV1[]): Promise<string[]> {
    if (!holds.length) return [];
    const h = unnestColumns(
      'h',
      {
        id: 'text',
        channel: 'text',
        principal: 'text',
        status: 'text',
        expires_at: 'timestamptz',
        updated_at: 'timestamptz',
      },
      holds.map((s) => ({
        id: s.holdId,
        channel: s.channel,
        principal: s.principal,
        status: s.status,
        expires_at: s.expiresAt,
        updated_at: s.updatedAt,
      })),
    );
    const rows: Array<{ id: string }> = await this.tx.manager.query(
      `INSERT INTO known_holds (id, channel, principal, status, expires_at, updated_at)
       SELECT * FROM ${h.sql} ORDER BY 1
       ON CONFLICT (id) DO UPDATE SET channel = EXCLUDED.channel, principal = EXCLUDED.principal, status = EXCLUDED.status,
         expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
       WHERE known_holds.status = 'active' AND (known_holds.updated_at IS NULL OR known_holds.updated_at < EXCLUDED.updated_at)
       RETURNING id`,
      h.params,
    );
    return rows.map((r) => r.id);
  }

  /** inventory.allocated from a hold: its stock now belongs to the order. */
  converted(holdId: string): Promise<void> {
    return this.tx.run(async (m) => {
      await m.update(KnownHold, { id: holdId }, { status: 'converted' });
    });
  }

  /**
   * What orders can say of an order carrying the hold, inside the placing transaction. The row lock
   * makes two orders racing for one hold take turns: the second sees the first's claim.
   */
  async verdict(holdId: string, principal: string, now: Date): Promise<HoldVerdict> {
    const hold = await this.tx.manager.findOne(KnownHold, {
      where: { id: holdId },
      lock: { mode: 'pessimistic_write' },
    });
    return holdVerdict(hold ?? undefined, principal, now);
  }

  /** Marks the hold as carried by `orderId` (after a verdict of undefined, in the same transaction). */
  async claim(holdId: string, orderId: string): Promise<void> {
    await this.tx.manager.update(KnownHold, { id: holdId }, { orderId });
  }

  refusal(refusal: HoldRefusal, holdId: string): ProblemException {
    return new ProblemException(PROBLEMS.holdNotUsable, holdRefusalDetail(refusal, holdId), {
      holdId,
      reason: refusal,
      errors: [{ field: 'holdId', message: holdRefusalDetail(refusal, holdId) }],
    });
  }
}
