import { Injectable } from '@nestjs/common';
import { requestContext, TransactionHost } from '@omni/platform';
import { RequestCoalescer, type Coalesced, type Outcome } from '../coalescing/request-coalescer';
import { ChannelRuleBook } from '../channels/channel-rule-book';
import { LevelStore, type LevelRef, type LevelRow } from '../stock/level-store';
import { levelKey, sellable } from '../stock/stock.rules';
import type { HoldView } from './dto/hold.dto';
import { HoldRecorder, type NewHold } from './hold-recorder';
import type { ChannelFeed } from '../channels/channel-feeds';
import { insufficientStock } from './hold-taker';
import {
  sellableFloor,
  shortfallOf,
  takePinned,
  takingOrder,
  type LineOutcome,
  type LineRequest,
  type Take,
} from './holds.rules';

/** A hold whose every line names a location that feeds its channel: its outcome needs no ranking. */
export interface PinnedHold {
  request: NewHold;
  lines: readonly LineRequest[];
  feed: ChannelFeed;
}

/**
 * Concurrent pinned holds in one transaction. Every hold is decided in arrival order on a snapshot
 * of its rows, the holds, events and answers are written, and only then are the rows reserved: one
 * statement that locks them in (sku, location) order and writes only where each row can still sell
 * what the batch's decisions need (sellableFloor). The row locks, the point where replicas and
 * batches queue for a hot sku, are so held from that statement to the commit instead of across the
 * whole batch; and nothing can oversell, because if any row moved below its floor meanwhile the
 * batch rolls back and each hold runs alone under the lock.
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

  protected async decide(
    batch: ReadonlyArray<Coalesced<PinnedHold>>,
    record: (outcomes: Array<Outcome<HoldView>>) => Promise<void>,
  ): Promise<Array<Outcome<HoldView>>> {
    const snapshot = await this.levels.read(
      batch.flatMap(({ request }) => request.lines.map((l) => ({ sku: l.sku, locationId: l.locationId as string }))),
    );
    const sellableLeft = new Map([...snapshot].map(([key, level]) => [key, sellable(level)]));
    const decided = batch.map(({ request, context }) => {
      const promise = (units: number) => this.rules.strategy.availableToPromise(request.feed.rule, units);
      const { outcomes, held } = takePinned(request.lines, request.request.allowPartial, sellableLeft, promise);
      if (held) return { request, context, outcomes, promise };
      const shortfalls = outcomes
        .filter((o) => o.shortfall > 0)
        .map((o) =>
          shortfallOf(
            o,
            o.locationId as string,
            promise(sellableLeft.get(levelKey(o.sku, o.locationId as string)) ?? 0),
            true,
          ),
        );
      return { request, context, outcomes, promise, refusal: insufficientStock(shortfalls, outcomes.length) };
    });
    const taken = decided.filter((d) => !d.refusal);
    const views = await this.recorder.insert(taken.map((d) => ({ request: d.request.request, outcomes: d.outcomes })));
    const viewOf = new Map(taken.map((d, i) => [d, views[i]]));
    for (const d of taken)
      requestContext.run(d.context, () =>
        this.recorder.announce([{ view: viewOf.get(d) as HoldView, principal: d.request.request.principal }], []),
      );
    const outcomes: Array<Outcome<HoldView>> = decided.map((d) =>
      d.refusal ? { error: d.refusal } : { value: viewOf.get(d) as HoldView },
    );
    await record(outcomes);
    if (!(await this.levels.reserveAbove(reservations(snapshot, taken)))) {
      throw new Error('a level fell below what the batch decided on; its holds run alone');
    }
    return outcomes;
  }
}

/** Per level the taken holds reserve on: the units, and the sellable floor their decisions need. */
function reservations(
  snapshot: Map<string, LevelRow>,
  taken: ReadonlyArray<{ outcomes: readonly LineOutcome[]; promise: (sellable: number) => number }>,
): Array<LevelRef & { reservedDelta: number; floor: number }> {
  const takes = new Map<string, Take[]>();
  for (const { outcomes, promise } of taken) {
    for (const o of takingOrder(outcomes.map((l) => ({ ...l, qty: l.held, locationId: l.locationId as string })))) {
      if (!o.held) continue;
      const key = levelKey(o.sku, o.locationId);
      const levelTakes = takes.get(key) ?? [];
      levelTakes.push({ units: o.held, promise });
      takes.set(key, levelTakes);
    }
  }
  return [...takes].map(([key, levelTakes]) => {
    const { sku, locationId, ...figures } = snapshot.get(key) as LevelRow;
    return {
      sku,
      locationId,
      reservedDelta: levelTakes.reduce((n, t) => n + t.units, 0),
      floor: sellableFloor(levelTakes, sellable(figures)),
    };
  });
}
