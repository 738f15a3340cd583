import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import {
  claimId,
  claimKeys,
  recordResponses,
  releaseKeys,
  requestContext,
  RunIdempotentAlone,
  TransactionHost,
  type IdempotencyClaim,
  type ProblemException,
  type RequestContext,
} from '@omni/platform';
import { ChannelRuleBook } from '../channels/channel-rule-book';
import { LevelStore, type LevelRow } from '../stock/level-store';
import { levelKey, sellable } from '../stock/stock.rules';
import type { HoldView } from './dto/hold.dto';
import { HoldRecorder, type NewHold } from './hold-recorder';
import { insufficientStock, type Feed } from './hold-taker';
import { shortfallOf, takePinned, type LineOutcome, type LineRequest } from './holds.rules';

/** A hold whose every line names a location that feeds its channel: its outcome needs no ranking. */
export interface PinnedHold {
  request: NewHold;
  lines: readonly LineRequest[];
  feed: Feed;
  /** The Idempotency-Key to claim and answer in the shared transaction, if the request sent one. */
  claim?: IdempotencyClaim;
}

interface Pending extends PinnedHold {
  context: RequestContext;
  resolve(view: HoldView): void;
  reject(error: unknown): void;
}

type Decision = { pending: Pending; outcomes: LineOutcome[]; refusal?: ProblemException };

// A batch waits for nothing: it takes whatever queued while the previous ones were in the database.
const MAX_BATCH = 256;
// Two batches in flight keep the database busy while Node prepares the next; both lock rows in one order.
const MAX_IN_FLIGHT = 2;

/**
 * Coalesces concurrent pinned holds into one transaction: the rows are locked once (FOR UPDATE, in
 * (sku, location) order), every hold is decided in arrival order against what the rows can still
 * sell, and the levels, holds, events and Idempotency-Key answers are written with one statement
 * each. A hot sku x location then costs one transaction per batch instead of one per hold, and
 * cannot oversell: the decisions are made under the row locks. A request the batch cannot take
 * (its key is already claimed, or the batch's transaction failed) is rejected with
 * RunIdempotentAlone and runs the ordinary way.
 */
@Injectable()
export class HoldCoalescer {
  private readonly logger = new Logger(HoldCoalescer.name);
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly tx: TransactionHost,
    private readonly levels: LevelStore,
    private readonly recorder: HoldRecorder,
    private readonly rules: ChannelRuleBook,
  ) {}

  hold(hold: PinnedHold): Promise<HoldView> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...hold, context: requestContext.current(), resolve, reject });
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

  private async run(batch: Pending[]): Promise<void> {
    const claimed = new Set<string>();
    const distinct: Pending[] = [];
    for (const pending of batch) {
      const id = pending.claim && claimId(pending.claim);
      if (id && claimed.has(id)) pending.reject(new RunIdempotentAlone('the same Idempotency-Key is already in this batch'));
      else {
        if (id) claimed.add(id);
        distinct.push(pending);
      }
    }
    let decisions: Decision[];
    try {
      decisions = await this.tx.run(() => this.decide(distinct));
    } catch (error) {
      // Typically a deadlock with a batch on another replica: nothing was written, so each request may run alone.
      this.logger.warn(`a batch of ${distinct.length} hold(s) rolled back, each runs alone: ${(error as Error).message}`);
      for (const pending of distinct) pending.reject(new RunIdempotentAlone('the shared transaction rolled back'));
      return;
    }
    for (const { pending, refusal } of decisions) if (refusal) pending.reject(refusal);
  }

  private async decide(batch: Pending[]): Promise<Decision[]> {
    const m = this.tx.manager;
    const withKeys = batch.filter((p) => p.claim);
    const won = await claimKeys(m, withKeys.map((p) => p.claim as IdempotencyClaim));
    const lost = new Set(withKeys.filter((_, i) => !won[i]));
    for (const pending of lost) pending.reject(new RunIdempotentAlone('the Idempotency-Key is already claimed'));
    const live = batch.filter((p) => !lost.has(p));

    const locked = await this.levels.lock(live.flatMap((p) => p.lines.map((l) => ({ sku: l.sku, locationId: l.locationId as string }))));
    const sellableLeft = new Map([...locked].map(([key, level]) => [key, sellable(level)]));
    const decisions: Decision[] = live.map((pending) => {
      const rule = pending.feed.rule;
      const promise = (units: number) => this.rules.strategy.availableToPromise(rule, units);
      const { outcomes, held } = takePinned(pending.lines, pending.request.allowPartial, sellableLeft, promise);
      if (held) return { pending, outcomes };
      const shortfalls = outcomes
        .filter((o) => o.shortfall > 0)
        .map((o) => shortfallOf(o, o.locationId as string, promise(sellableLeft.get(levelKey(o.sku, o.locationId as string)) ?? 0), true));
      return { pending, outcomes, refusal: insufficientStock(shortfalls, outcomes.length) };
    });

    const taken = decisions.filter((d) => !d.refusal);
    await this.levels.write(this.reservedAfter(locked, taken));
    const views = await this.recorder.insert(taken.map((d) => ({ request: d.pending.request, outcomes: d.outcomes })));
    taken.forEach((d, i) => requestContext.run(d.pending.context, () => this.recorder.announce([{ view: views[i], principal: d.pending.request.principal }], [])));
    const answered = taken.map((d, i) => ({ claim: d.pending.claim, status: HttpStatus.CREATED, body: views[i] }));
    await recordResponses(m, answered.filter((a): a is typeof a & { claim: IdempotencyClaim } => a.claim !== undefined));
    // A refusal is not remembered (as when a request's own transaction rolls back): a retry decides again.
    await releaseKeys(m, decisions.filter((d) => d.refusal && d.pending.claim).map((d) => d.pending.claim as IdempotencyClaim));
    this.tx.afterCommit(() => taken.forEach((d, i) => d.pending.resolve(views[i])));
    return decisions;
  }

  /** The locked levels the taken holds reserve on, with their new reserved figure. */
  private reservedAfter(locked: Map<string, LevelRow>, taken: readonly Decision[]): LevelRow[] {
    const reserved = new Map<string, LevelRow>();
    for (const { outcomes } of taken) {
      for (const o of outcomes) {
        if (!o.held) continue;
        const key = levelKey(o.sku, o.locationId as string);
        const level = reserved.get(key) ?? { ...(locked.get(key) as LevelRow) };
        level.reserved += o.held;
        reserved.set(key, level);
      }
    }
    return [...reserved.values()];
  }
}
