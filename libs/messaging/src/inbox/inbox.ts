import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';

/**
 * Records that a consumer has handled an event, in the same transaction as the effect. Insert
 * and let the primary key decide (never check-then-insert): a concurrent duplicate waits for the
 * first to commit and then finds the row.
 */
@Injectable()
export class Inbox {
  constructor(private readonly tx: TransactionHost) {}

  async claim(consumer: string, eventId: string, eventType: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.manager.query(
      `INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventId, eventType],
    );
    return rows.length === 1;
  }
}
