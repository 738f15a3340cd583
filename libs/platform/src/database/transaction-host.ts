import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ambient } from '../context/ambient';
import { runAttempt, type ActiveTransaction, type CommittedAttempt, type Hook } from './transaction-attempt';
import { countRetry, MAX_TRANSACTION_ATTEMPTS, retryBackoffMs } from './transaction-retry';
import { retryReasonOf } from './transient-errors';

export interface RunOptions {
  /**
   * false: one attempt only. For a caller whose `work` settles something outside the transaction
   * before it commits (so re-running it would act twice), or that has its own fallback for a
   * failed transaction. Default true.
   */
  retry?: boolean;
}

/**
 * The one way to run a use case in a transaction. Nested calls join the ambient transaction,
 * so an event handler, the inbox row and the use case it calls commit or roll back together
 * (Vendure's request-bound transactions, without passing the manager through every call).
 *
 * The outermost call runs the whole unit again, a bounded number of times, when it failed on a
 * deadlock, a serialization failure or a lost connection: the failed attempt rolled back, so
 * running `work` again is safe. It does not when the connection was lost during COMMIT (the
 * outcome is unknown; that surfaces as CommitOutcomeUnknownError), nor for any other failure.
 */
@Injectable()
export class TransactionHost {
  constructor(private readonly dataSource: DataSource) {}

  /** The ambient transaction's manager, or the pool's outside a transaction (reads). */
  get manager(): EntityManager {
    return this.active()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.active() !== undefined;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const active = this.active();
    if (active) return work(active.manager);
    const committed = await this.commitWithRetries(work, options.retry === false ? 1 : MAX_TRANSACTION_ATTEMPTS);
    // Outside the retry loop: only the attempt that committed announces anything, and only once.
    for (const hook of committed.afterCommit) hook();
    return committed.value;
  }

  /** Runs once, inside the transaction, just before it commits (used to flush buffered writes). */
  beforeCommit(hook: Hook): void {
    this.require().beforeCommit.push(hook);
  }

  /** Runs once the transaction has committed; never if it rolls back. */
  afterCommit(hook: () => void): void {
    this.require().afterCommit.push(hook);
  }

  /** A value that lives as long as the ambient transaction (e.g. a buffer flushed before commit). */
  resource<T>(key: symbol, create: () => T): T {
    const active = this.require();
    if (!active.resources.has(key)) active.resources.set(key, create());
    return active.resources.get(key) as T;
  }

  private async commitWithRetries<T>(
    work: (manager: EntityManager) => Promise<T>,
    attempts: number,
  ): Promise<CommittedAttempt<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runAttempt(
          this.dataSource,
          (active, inside) => ambient.run('transaction', { host: this, active }, inside),
          work,
        );
      } catch (error) {
        const reason = retryReasonOf(error);
        if (!reason || attempt >= attempts) throw error;
        countRetry(reason);
        await sleep(retryBackoffMs(attempt));
      }
    }
  }

  /** This host's transaction around the caller (another host's, e.g. a second app in a test process, is not ours). */
  private active(): ActiveTransaction | undefined {
    const transaction = ambient.get('transaction');
    return transaction?.host === this ? transaction.active : undefined;
  }

  private require(): ActiveTransaction {
    const active = this.active();
    if (!active) throw new Error('this call must run inside TransactionHost.run()');
    return active;
  }
}
