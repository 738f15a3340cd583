import { Injectable, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { TransactionHost } from '../database/transaction-host';
import { PeriodicTask } from '../scheduling/periodic-task';
import { IDEMPOTENCY_TABLE } from './idempotency-record.entity';

const PURGE_EVERY_MS = 10 * 60_000;
const BATCH = 5_000;

/** $1 retention hours, $2 batch size. Finds the expired keys through idempotency_keys_created_at, not by reading the table. */
export const PURGE_BATCH_SQL = `DELETE FROM ${IDEMPOTENCY_TABLE} t USING (
    SELECT principal, key FROM ${IDEMPOTENCY_TABLE} WHERE created_at < now() - make_interval(hours => $1) LIMIT $2
  ) old WHERE t.principal = old.principal AND t.key = old.key`;

/**
 * Forgets Idempotency-Keys older than IDEMPOTENCY_KEY_RETENTION_HOURS (a retry after that is a new
 * request, as with Stripe's 24 hours), a batch per statement so no purge holds many row locks long.
 * Replicas may purge at once: they delete what they find, and a row gone already is simply skipped.
 */
@Injectable()
export class IdempotencyKeyPurger extends PeriodicTask {
  constructor(
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
  ) {
    super('idempotency key purge', PURGE_EVERY_MS);
  }

  protected async runOnce(): Promise<void> {
    while (this.active && (await this.purgeBatch()) === BATCH);
  }

  /** Deletes one batch of expired keys; answers how many. */
  async purgeBatch(): Promise<number> {
    const [, deleted] = (await this.tx.manager.query(PURGE_BATCH_SQL, [
      this.config.IDEMPOTENCY_KEY_RETENTION_HOURS,
      BATCH,
    ])) as [unknown, number];
    return deleted;
  }
}

/** Imported once per service (with its database): keeps the idempotency table from growing for ever. */
@Module({ providers: [IdempotencyKeyPurger], exports: [IdempotencyKeyPurger] })
export class IdempotencyPurgeModule {}
