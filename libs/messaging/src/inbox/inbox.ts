import { Injectable } from '@nestjs/common';
import { TransactionHost, unnestColumns } from '@omni/platform';

export interface InboxEntry {
  id: string;
  type: string;
}

/**
 * Records that a consumer has handled an event, in the same transaction as the effect. Insert
 * and let the primary key decide (never check-then-insert): a concurrent duplicate waits for the
 * first to commit and then finds the row.
 */
@Injectable()
export class Inbox {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Claims the events for this transaction in one statement; answers the ids that were new.
   * `lockTimeoutMs`: the transaction's lock_timeout from this statement on (SET LOCAL's effect, set
   * by the statement's initplan before its first row, without a round trip of its own).
   */
  async claim(
    consumer: string,
    events: readonly InboxEntry[],
    { lockTimeoutMs }: { lockTimeoutMs?: number } = {},
  ): Promise<Set<string>> {
    if (!events.length) return new Set();
    const claimed = unnestColumns('t', { id: 'uuid', type: 'text' }, events, { from: 3 });
    const rows: Array<{ event_id: string }> = await this.tx.manager.query(
      `INSERT INTO inbox (consumer, event_id, event_type)
       SELECT $1, t.id, t.type FROM ${claimed.sql}
       WHERE $2::text IS NULL OR (SELECT set_config('lock_timeout', $2::text, true)) IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, lockTimeoutMs === undefined ? null : `${lockTimeoutMs}ms`, ...claimed.params],
    );
    return new Set(rows.map((r) => r.event_id));
  }
}
