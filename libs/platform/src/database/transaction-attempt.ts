import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { CommitOutcomeUnknownError, transientKindOf } from './transient-errors';

export type Hook = (manager: EntityManager) => Promise<void>;

/** One attempt's state. A retried unit gets a new one: nothing a failed attempt buffered reaches the next. */
export interface ActiveTransaction {
  manager: EntityManager;
  beforeCommit: Hook[];
  afterCommit: Array<() => void>;
  resources: Map<symbol, unknown>;
}

export interface CommittedAttempt<T> {
  value: T;
  /** The committed attempt's hooks, for the caller to run once. */
  afterCommit: ReadonlyArray<() => void>;
}

/**
 * Runs `work` and its beforeCommit hooks once, in a transaction of its own, and commits. It throws
 * the error that says whether running it again is safe:
 *  - the first transient failure its connection saw, even when `work` caught it and threw (or
 *    returned) something else: Postgres aborts the whole transaction on any error, so nothing after
 *    it took effect, and a COMMIT would quietly answer ROLLBACK;
 *  - CommitOutcomeUnknownError when the connection was lost with COMMIT in flight;
 *  - otherwise whatever failed.
 */
export async function runAttempt<T>(
  dataSource: DataSource,
  within: (tx: ActiveTransaction, inside: () => Promise<T>) => Promise<T>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<CommittedAttempt<T>> {
  const runner = dataSource.createQueryRunner();
  const watch = new FailureWatch(runner);
  try {
    watch.listen(await runner.connect());
    await runner.startTransaction();
    const tx: ActiveTransaction = { manager: runner.manager, beforeCommit: [], afterCommit: [], resources: new Map() };
    let value: T;
    try {
      // Hooks run in the transaction's context too, so one that calls back into TransactionHost stays inside it.
      value = await within(tx, async () => {
        const result = await work(runner.manager);
        for (const hook of tx.beforeCommit) await hook(runner.manager);
        return result;
      });
    } catch (error) {
      throw watch.failure ?? error;
    }
    if (watch.failure) throw watch.failure;
    await commit(runner, watch);
    return { value, afterCommit: tx.afterCommit };
  } catch (error) {
    if (runner.isTransactionActive && !runner.isReleased) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    watch.stop();
    await runner.release();
  }
}

async function commit(runner: QueryRunner, watch: FailureWatch): Promise<void> {
  try {
    await runner.commitTransaction();
  } catch (error) {
    // A COMMIT that failed on a live connection (serialization, a deferred constraint) certainly rolled back.
    const lost =
      [watch.failure, error].find((e) => transientKindOf(e) === 'connection') ??
      (runner.isReleased ? error : undefined);
    throw lost === undefined ? error : new CommitOutcomeUnknownError(lost);
  }
}

type Listener = (error: unknown) => void;
interface ErrorEmitter {
  on(event: 'error', listener: Listener): unknown;
  removeListener(event: 'error', listener: Listener): unknown;
}
type Query = (...args: unknown[]) => Promise<unknown>;

/**
 * Remembers the first transient failure on the attempt's connection: a statement that failed with
 * one, or the pg client reporting its connection lost (which happens between statements too, and
 * then surfaces only as TypeORM's "query runner already released" on the next one).
 */
class FailureWatch {
  failure: unknown = undefined;
  private client: ErrorEmitter | undefined;
  private readonly onClientError: Listener = (error) => this.note(error);

  constructor(runner: QueryRunner) {
    const query = runner.query.bind(runner) as Query;
    const observed: Query = async (...args) => {
      try {
        return await query(...args);
      } catch (error) {
        this.note(error);
        throw error;
      }
    };
    // Every statement of the attempt, TypeORM's own BEGIN/COMMIT included, goes through runner.query.
    (runner as unknown as { query: Query }).query = observed;
  }

  listen(client: ErrorEmitter): void {
    this.client = client;
    client.on('error', this.onClientError);
  }

  stop(): void {
    this.client?.removeListener('error', this.onClientError);
  }

  private note(error: unknown): void {
    if (this.failure === undefined && transientKindOf(error) !== undefined) this.failure = error;
  }
}
