import { Injectable } from '@nestjs/common';
import { PROBLEMS } from '@omni/contracts';
import { ProblemException, queryRows, TransactionHost } from '@omni/platform';
import type { ChannelFeed } from '../channels/channel-feeds';
import type { ChannelRule } from '../channels/channels.rules';
import { ChannelRuleBook } from '../channels/channel-rule-book';
import type { LocationView } from '../locations/dto/location.dto';
import { LevelStore, type LevelRow } from '../stock/level-store';
import { levelKey, SELLABLE_SQL } from '../stock/stock.rules';
import {
  outcome,
  rankCandidates,
  shortfallOf,
  takingOrder,
  type Candidate,
  type LineOutcome,
  type LineRequest,
  type Shortfall,
} from './holds.rules';

interface AvailableRow {
  sku: string;
  locationId: string;
  available: number;
}

/**
 * Takes stock for hold lines with one conditional UPDATE per attempt (LevelStore.reserveIfAvailable),
 * in (sku, location) order. Where a line names no location, a snapshot ranks the candidates and
 * the UPDATE, not the snapshot, decides: a candidate emptied meanwhile is simply skipped.
 */
@Injectable()
export class HoldTaker {
  constructor(
    private readonly tx: TransactionHost,
    private readonly levels: LevelStore,
    private readonly rules: ChannelRuleBook,
  ) {}

  async take(
    lines: readonly LineRequest[],
    feed: ChannelFeed,
    allowPartial: boolean,
  ): Promise<{ outcomes: LineOutcome[]; touched: LevelRow[] }> {
    const unpinned = lines.filter((l) => !l.locationId).map((l) => l.sku);
    const snapshot = unpinned.length ? await this.available(unpinned, [...feed.feeding.keys()], feed.rule) : [];
    const touched = new Map<string, LevelRow>();
    const outcomes = new Map<number, LineOutcome>();
    for (const line of takingOrder(lines)) {
      const tries = line.locationId
        ? feed.feeding.has(line.locationId)
          ? [line.locationId]
          : []
        : rankCandidates(this.candidates(line.sku, snapshot, feed), line.qty)
            .filter((c) => c.available > 0)
            .map((c) => c.locationId);
      let result = outcome(line, 0, line.locationId ?? null);
      for (const locationId of tries) {
        const level = await this.levels.reserveIfAvailable(
          { sku: line.sku, locationId },
          line.qty,
          feed.rule.safetyBuffer,
        );
        if (level) {
          touched.set(levelKey(line.sku, locationId), level);
          result = outcome(line, line.qty, locationId);
          break;
        }
      }
      if (result.held === 0 && allowPartial) {
        for (const locationId of tries) {
          const got = await this.levels.reserveUpTo({ sku: line.sku, locationId }, line.qty, feed.rule.safetyBuffer);
          if (got) {
            touched.set(levelKey(line.sku, locationId), got.level);
            result = outcome(line, got.taken, locationId);
            break;
          }
        }
      }
      outcomes.set(line.lineNo, result);
    }
    return { outcomes: lines.map((l) => outcomes.get(l.lineNo) as LineOutcome), touched: [...touched.values()] };
  }

  /** The 409 for a hold that could not be taken whole: each short line, with what the channel could promise there now. */
  async refusal(
    lines: readonly LineRequest[],
    outcomes: readonly LineOutcome[],
    feed: ChannelFeed,
  ): Promise<ProblemException> {
    const short = outcomes.filter((o) => o.shortfall > 0);
    const rows = await this.available(
      short.map((o) => o.sku),
      [...feed.feeding.keys()],
      feed.rule,
    );
    const shortfalls = short.map((o) => {
      const pinned = lines.find((l) => l.lineNo === o.lineNo)?.locationId;
      const here = rows.filter((r) => r.sku === o.sku && (!pinned || r.locationId === pinned));
      return shortfallOf(o, pinned, Math.max(0, ...here.map((r) => r.available)), !pinned || feed.feeding.has(pinned));
    });
    return insufficientStock(shortfalls, outcomes.length);
  }

  private candidates(sku: string, snapshot: readonly AvailableRow[], feed: ChannelFeed): Candidate[] {
    return snapshot
      .filter((r) => r.sku === sku)
      .map((r) => ({
        locationId: r.locationId,
        type: (feed.feeding.get(r.locationId) as LocationView).type,
        available: r.available,
        own: feed.own.includes(r.locationId),
      }));
  }

  private available(
    skus: readonly string[],
    locationIds: readonly string[],
    rule: ChannelRule,
  ): Promise<AvailableRow[]> {
    return queryRows(
      this.tx.manager,
      `SELECT sku, location_id AS "locationId", ${this.rules.strategy.availableToPromiseSql(SELLABLE_SQL, '$3')} AS available
       FROM stock_levels WHERE sku = ANY($1::text[]) AND location_id = ANY($2::text[])`,
      [[...new Set(skus)], locationIds, rule.safetyBuffer],
    );
  }
}

/** The 409 problem for a hold that was refused: nothing is held, and each short line says why. */
export function insufficientStock(shortfalls: readonly Shortfall[], lineCount: number): ProblemException {
  return new ProblemException(
    PROBLEMS.insufficientStock,
    `${shortfalls.length} of ${lineCount} line(s) cannot be held in full; nothing was held`,
    { shortfalls },
  );
}
