import { HttpStatus, Logger } from '@nestjs/common';
import {
  claimId,
  claimKeys,
  CommitOutcomeUnknownError,
  recordResponses,
  releaseKeys,
  requestContext,
  RunIdempotentAlone,
  type IdempotencyClaim,
  type RequestContext,
  type TransactionHost,
} from '@omni/platform';

/** One request waiting for its batch, with the context it came in (its correlation id goes on its events). */
export interface Coalesced<R> {
  request: R;
  context: RequestContext;
}

/** What the batch decided for one request: its answer, or the error it is refused with (nothing of it written). */
export type Outcome<V> = { value: V } | { error: unknown };

// Two batches in flight keep the database busy while Node prepares the next.
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 256;

/**
 * Runs concurrent requests of one kind in one transaction: a batch takes whatever queued while the
 * previous ones were in the database (it never waits to fill), claims the batch's Idempotency-Keys
 * in one statement, lets `decide` do the work for all of them with set-based statements, and
 * records every answer in one statement. A hot path then costs one transaction per batch instead
 * of one per request. A request the batch cannot take (its key is already claimed, or the shared
 * transaction failed) is rejected with RunIdempotentAlone: the caller runs it the ordinary way
 * (`runOr`), so correctness never depends on the batch.
 */
export abstract class RequestCoalescer<R, V> {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly queue: Array<
    Coalesced<R> & { claim?: IdempotencyClaim; resolve(value: V): void; reject(error: unknown): void }
  > = [];
  private inFlight = 0;
  private scheduled = false;

  protected constructor(
    protected readonly tx: TransactionHost,
    /** The status a success is answered (and replayed) with. */
    private readonly successStatus: number = HttpStatus.CREATED,
  ) {}

  /**
   * Inside the batch's transaction: every request's outcome, in order. A refusal must leave the
   * transaction usable (decide first, then write only what succeeded); a thrown error rolls the
   * whole batch back and every request runs alone. `record` writes the answers (the keys'
   * responses) as soon as they are known, so writes that take contended locks can come after it;
   * if decide does not call it, the answers are recorded once it returns.
   */
  protected abstract decide(
    batch: ReadonlyArray<Coalesced<R>>,
    record: (outcomes: Array<Outcome<V>>) => Promise<void>,
  ): Promise<Array<Outcome<V>>>;

  /**
   * Coalesces `request` (null: this one cannot be) unless a transaction is already open, i.e. the
   * idempotency interceptor is running the request alone. Whatever is not coalesced runs `alone`;
   * with a key, it goes back to the interceptor first, which claims the key and calls again.
   */
  async runOr(request: R | null, claim: IdempotencyClaim | undefined, alone: () => Promise<V>): Promise<V> {
    if (request === null || this.tx.inTransaction) {
      if (claim) throw new RunIdempotentAlone('not coalesced: the key is claimed in the request’s own transaction');
      return alone();
    }
    try {
      return await this.submit(request, claim);
    } catch (error) {
      if (error instanceof RunIdempotentAlone && !claim) return alone();
      throw error;
    }
  }

  private submit(request: R, claim?: IdempotencyClaim): Promise<V> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, claim, context: requestContext.current(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || !this.queue.length) return;
    this.scheduled = true;
    // Requests parsed in the same turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < MAX_IN_FLIGHT && this.queue.length) {
        this.inFlight += 1;
        void this.run(this.queue.splice(0, MAX_BATCH)).finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
      }
    });
  }

  private async run(batch: typeof this.queue): Promise<void> {
    const ids = new Set<string>();
    const distinct = batch.filter((p) => {
      const id = p.claim && claimId(p.claim);
      if (!id) return true;
      if (ids.has(id)) {
        p.reject(new RunIdempotentAlone('the same Idempotency-Key is already in this batch'));
        return false;
      }
      ids.add(id);
      return true;
    });
    try {
      await this.tx.run(
        async (m) => {
          const withKeys = distinct.filter((p) => p.claim);
          const won = await claimKeys(
            m,
            withKeys.map((p) => p.claim as IdempotencyClaim),
          );
          const lost = new Set(withKeys.filter((_, i) => !won[i]));
          for (const p of lost) p.reject(new RunIdempotentAlone('the Idempotency-Key is already claimed'));
          const live = distinct.filter((p) => !lost.has(p));
          let recorded = false;
          const record = async (outcomes: Array<Outcome<V>>) => {
            recorded = true;
            const keyed = live.map((p, i) => ({ p, outcome: outcomes[i] })).filter((a) => a.p.claim);
            await recordResponses(
              m,
              keyed.flatMap(({ p, outcome }) =>
                'value' in outcome
                  ? [{ claim: p.claim as IdempotencyClaim, status: this.successStatus, body: outcome.value }]
                  : [],
              ),
            );
            // A refusal is not remembered (as when a request's own transaction rolls back): a retry decides again.
            await releaseKeys(
              m,
              keyed.filter(({ outcome }) => 'error' in outcome).map(({ p }) => p.claim as IdempotencyClaim),
            );
          };
          const outcomes = await this.decide(live, record);
          if (!recorded) await record(outcomes);
          this.tx.afterCommit(() =>
            live.forEach((p, i) => {
              const outcome = outcomes[i];
              if ('value' in outcome) p.resolve(outcome.value);
              else p.reject(outcome.error);
            }),
          );
          // No retry of the batch: it settles requests whose key was lost before it commits, and a
          // rolled-back batch already has its fallback (each request alone, with the ordinary retry).
        },
        { retry: false },
      );
    } catch (error) {
      if (error instanceof CommitOutcomeUnknownError) {
        // The batch may have committed: running its requests alone could apply them twice.
        for (const p of distinct) p.reject(error);
        return;
      }
      // Typically a deadlock with a batch on another replica: nothing was written, so each request may run alone.
      this.logger.warn(
        `a batch of ${distinct.length} rolled back, each request runs alone: ${(error as Error).message}`,
      );
      for (const p of distinct) p.reject(new RunIdempotentAlone('the shared transaction rolled back'));
    }
  }
}
