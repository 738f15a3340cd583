import { Injectable } from '@nestjs/common';
import { requestContext, RequestCoalescer, TransactionHost, type Coalesced, type Outcome } from '@omni/platform';
import { ChannelRuleBook } from '../channels/channel-rule-book';
import { LevelStore, type LevelRow } from '../stock/level-store';
import { levelKey, sellable } from '../stock/stock.rules';
import type { HoldView } from './dto/hold.dto';
import { HoldRecorder, type NewHold } from './hold-recorder';
import type { ChannelFeed } from '../channels/channel-feeds';
import { insufficientStock } from './hold-taker';
import { shortfallOf, takePinned, type LineOutcome, type LineRequest } from './holds.rules';

/** A hold whose every line names a location that feeds its channel: its outcome needs no ranking. */
export interface PinnedHold {
  request: NewHold;
  lines: readonly LineRequest[];
  feed: ChannelFeed;
}

/**
 * Concurrent pinned holds in one transaction: the rows are locked once (FOR UPDATE, in (sku,
 * location) order), every hold is decided in arrival order against what the rows can still sell,
 * and the levels, holds and events are written with one statement each. A hot sku x location then
 * costs one transaction per batch instead of one per hold, and cannot oversell: the decisions are
 * made under the row locks.
 */
@Injectable()
export class HoldCoalescer extends RequestCoalescer<PinnedHold, HoldView> {
  constructor(
    tx: TransactionHost,
    private readonly levels: LevelStore,
    private readonly recorder: HoldRecorder,
    private readonly rules: ChannelRuleBook,
  ) {
    super(tx);
  }

  protected async decide(batch: ReadonlyArray<Coalesced<PinnedHold>>): Promise<Array<Outcome<HoldView>>> {
    const locked = await this.levels.lock(batch.flatMap(({ request }) => request.lines.map((l) => ({ sku: l.sku, locationId: l.locationId as string }))));
    const sellableLeft = new Map([...locked].map(([key, level]) => [key, sellable(level)]));
    const decided = batch.map(({ request, context }) => {
      const promise = (units: number) => this.rules.strategy.availableToPromise(request.feed.rule, units);
      const { outcomes, held } = takePinned(request.lines, request.request.allowPartial, sellableLeft, promise);
      if (held) return { request, context, outcomes };
      const shortfalls = outcomes
        .filter((o) => o.shortfall > 0)
        .map((o) => shortfallOf(o, o.locationId as string, promise(sellableLeft.get(levelKey(o.sku, o.locationId as string)) ?? 0), true));
      return { request, context, outcomes, refusal: insufficientStock(shortfalls, outcomes.length) };
    });
    const taken = decided.filter((d) => !d.refusal);
    await this.levels.write(reservedAfter(locked, taken.map((d) => d.outcomes)));
    const views = await this.recorder.insert(taken.map((d) => ({ request: d.request.request, outcomes: d.outcomes })));
    const viewOf = new Map(taken.map((d, i) => [d, views[i]]));
    for (const d of taken) requestContext.run(d.context, () => this.recorder.announce([{ view: viewOf.get(d) as HoldView, principal: d.request.request.principal }], []));
    return decided.map((d) => (d.refusal ? { error: d.refusal } : { value: viewOf.get(d) as HoldView }));
  }
}

/** The locked levels the taken holds reserve on, with their new reserved figure. */
function reservedAfter(locked: Map<string, LevelRow>, taken: ReadonlyArray<readonly LineOutcome[]>): LevelRow[] {
  const reserved = new Map<string, LevelRow>();
  for (const outcomes of taken) {
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
