import { Injectable } from '@nestjs/common';
import { PROBLEMS, type HoldSnapshotV1 } from '@omni/contracts';
import { ProblemException, TransactionHost, unnestColumns, type StatementPart } from '@omni/platform';
import { holdRefusalDetail, type HoldRefusal } from './holds.rules';

/** The projection of inventory's cart holds (from its holds changelog), and the claim an order makes on one. */
@Injectable()
export class HoldsService {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Writes the holds' states, the newest by inventory's timestamp; an ended or converted hold never
   * becomes active again (a replayed older record). The order that carried a hold is orders' own and kept.
   * A write to ride on another statement, answering the ids written as `ref`; null for no holds.
   */
  snapshotsWritten(holds: readonly HoldSnapshotV1[]): StatementPart | null {
    if (!holds.length) return null;
    return (from) => {
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
        { from },
      );
      return {
        sql: `INSERT INTO known_holds (id, channel, principal, status, expires_at, updated_at)
              SELECT * FROM ${h.sql} ORDER BY 1
              ON CONFLICT (id) DO UPDATE SET channel = EXCLUDED.channel, principal = EXCLUDED.principal, status = EXCLUDED.status,
                expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
              WHERE known_holds.status = 'active' AND (known_holds.updated_at IS NULL OR known_holds.updated_at < EXCLUDED.updated_at)
              RETURNING id AS ref`,
        params: h.params,
      };
    };
  }

  /** inventory.allocated from a hold: its stock now belongs to the order. A write to ride on the step's statement. */
  converted(holdId: string): StatementPart {
    return (from) => ({
      sql: `UPDATE known_holds SET status = 'converted' WHERE id = $${from}`,
      params: [holdId],
    });
  }

  /** Marks the hold as carried by `orderId` (after a verdict of undefined, in the same transaction): a write to ride on another statement. */
  claim(holdId: string, orderId: string): StatementPart {
    return (from) => ({
      sql: `UPDATE known_holds SET order_id = $${from} WHERE id = $${from + 1}`,
      params: [orderId, holdId],
    });
  }

  refusal(refusal: HoldRefusal, holdId: string): ProblemException {
    return new ProblemException(PROBLEMS.holdNotUsable, holdRefusalDetail(refusal, holdId), {
      holdId,
      reason: refusal,
      errors: [{ field: 'holdId', message: holdRefusalDetail(refusal, holdId) }],
    });
  }
}
