import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { StockLevelChanged } from '@omni/contracts';
import { queryRows, TransactionHost } from '@omni/platform';
import type { Subscription } from 'rxjs';
import { LiveFeed } from '../live/live-feed';
import type { LevelFigures } from '../stock/stock.rules';

/** One sku x location as this replica last knew it; `at` is the row's updated_at (ms). */
export interface ModelFigure extends LevelFigures {
  at: number;
  /** When this replica learnt it (local ms): breaks ties between a held change and a later load. */
  receivedAt: number;
}

export interface LevelChange extends LevelFigures {
  sku: string;
  locationId: string;
  at: number;
}

/** Everything this replica knows of one sku: its levels by location, and since when it knows them. */
export interface SkuFigures {
  readonly levels: ReadonlyMap<string, ModelFigure>;
  /** The newest of the load's snapshot time and the changes applied since (ms): the figures were true then. */
  readonly asOf: number;
  /**
   * The last channel figure computed from these levels (and asOf as ISO text), for whoever reads next
   * with the same rule and feeding locations; cleared whenever a level or asOf changes.
   */
  total: { rule: object; feedKey: string; available: number; asOf: string } | null;
}

interface Entry {
  levels: Map<string, ModelFigure>;
  asOf: number;
  total: SkuFigures['total'];
  /** Reload from Postgres after this (ms): a safety net for changes the feed never carried (a rebuild --apply, a lost consumer). */
  expires: number;
  /** Set while the first load is in flight; changes that arrive meanwhile are merged into `levels` already. */
  loading: Promise<void> | null;
}

/** How long a sku's figures are trusted without a reload when no change arrives. */
export const ENTRY_TTL_MS = 30_000;
/** Skus per load statement (about 50 rows each with 50 locations). */
export const LOAD_CHUNK_SKUS = 200;
/** Skus held per replica; past it the oldest loaded half is dropped (they reload on demand). */
export const MAX_SKUS = 200_000;

/**
 * A load's answer: one row per sku that has levels, as [locationId, onHand, reserved, safetyStock, damaged,
 * updated_at ms]; a single row with sku null when none has. Every row carries the statement's snapshot (ms).
 */
type LoadedSku = { snapshot: number } & (
  { sku: string; levels: Array<[string, number, number, number, number, number]> } | { sku: null; levels: null }
);

const same = (a: LevelFigures, b: LevelFigures) =>
  a.onHand === b.onHand && a.reserved === b.reserved && a.safetyStock === b.safetyStock && a.damaged === b.damaged;

/**
 * This replica's in-memory copy of stock_levels for the skus it has been asked about, for the batch
 * availability read. A sku is loaded from Postgres on first use (one statement for all a query is
 * missing), then kept current by:
 *  - every replica's stock-level-changed events from the live feed (the same ones the SSE stream uses),
 *    this replica's own as soon as their transaction commits, so a caller always reads its own writes.
 * Per location the newest figure by updated_at wins whichever path brings it first, so a read never
 * goes back to figures older than ones already served. Until the live feed has received its first
 * record (its consumer joins in the background and starts at the topic's end) the model is not used
 * and reads go to Postgres; `usable` says which.
 */
@Injectable()
export class AvailabilityReadModel implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AvailabilityReadModel.name);
  private readonly skus = new Map<string, Entry>();
  private subscription: Subscription | null = null;
  private queued: Array<{
    entries: Array<[string, Entry]>;
    done: Promise<void>;
    resolve: () => void;
    reject: (error: unknown) => void;
  }> = [];

  constructor(
    private readonly tx: TransactionHost,
    private readonly feed: LiveFeed,
  ) {}

  onModuleInit(): void {
    this.subscription = this.feed.of(StockLevelChanged).subscribe(({ data }) =>
      this.apply({
        sku: data.sku,
        locationId: data.locationId,
        onHand: data.onHand,
        reserved: data.reserved,
        safetyStock: data.safetyStock,
        damaged: data.damaged,
        at: Date.parse(data.asOf),
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.skus.clear();
  }

  /** Whether reads may be answered from memory: only once the feed is known to deliver every later change. */
  get usable(): boolean {
    return this.feed.live;
  }

  /** A committed level, from this replica's own transaction or from the feed. Skus not loaded are ignored: Postgres already has it. */
  apply(change: LevelChange): void {
    const entry = this.skus.get(change.sku);
    if (!entry || !Number.isFinite(change.at)) return;
    const current = entry.levels.get(change.locationId);
    if (!current || change.at > current.at) {
      entry.levels.set(change.locationId, {
        onHand: change.onHand,
        reserved: change.reserved,
        safetyStock: change.safetyStock,
        damaged: change.damaged,
        at: change.at,
        receivedAt: Date.now(),
      });
      if (change.at > entry.asOf) entry.asOf = change.at;
      entry.total = null;
    } else if (change.at === current.at && !same(current, change)) {
      // Two commits in the same millisecond (the event's precision): which is newer is unknown, so ask Postgres on the next read.
      entry.expires = 0;
    }
  }

  /** Figures for the skus, loading the ones not held (or held too long) from Postgres (batched: see enqueue). */
  async figures(skus: readonly string[]): Promise<Map<string, SkuFigures>> {
    const now = Date.now();
    const toLoad: string[] = [];
    const waits: Array<Promise<void>> = [];
    for (const sku of skus) {
      const entry = this.skus.get(sku);
      if (!entry || entry.expires <= now) toLoad.push(sku);
      else if (entry.loading) waits.push(entry.loading);
    }
    if (toLoad.length) waits.push(this.load(toLoad, now));
    if (waits.length) await Promise.all(waits);
    const out = new Map<string, SkuFigures>();
    for (const sku of skus) {
      const entry = this.skus.get(sku);
      // Only if it was dropped to make room while we waited: then answer from a fresh load.
      out.set(sku, entry ?? (await this.figures([sku])).get(sku)!);
    }
    return out;
  }

  private load(skus: readonly string[], now: number): Promise<void> {
    this.makeRoom(skus.length);
    const fresh: Array<[string, Entry]> = [];
    const created = new Set<string>();
    for (const sku of skus) {
      let entry = this.skus.get(sku);
      // A reload keeps what is held (and its asOf floor); changes arriving meanwhile keep merging in.
      if (!entry) {
        entry = { levels: new Map(), asOf: 0, total: null, expires: 0, loading: null };
        this.skus.set(sku, entry);
        created.add(sku);
      }
      entry.expires = now + ENTRY_TTL_MS;
      fresh.push([sku, entry]);
    }
    const loading = this.enqueue(fresh).then(
      () => {
        for (const [, entry] of fresh) if (entry.loading === loading) entry.loading = null;
      },
      (error: unknown) => {
        // Nothing learnt: the next read tries again; this one fails.
        for (const [sku, entry] of fresh) {
          if (entry.loading === loading) entry.loading = null;
          entry.expires = 0;
          if (created.has(sku) && this.skus.get(sku) === entry) this.skus.delete(sku);
        }
        this.logger.warn(`loading ${skus.length} skus failed: ${(error as Error).message}`);
        throw error;
      },
    );
    for (const [, entry] of fresh) entry.loading = loading;
    return loading;
  }

  /**
   * Loads asked for in the same turn of the event loop share statements of up to LOAD_CHUNK_SKUS skus:
   * when a replica starts cold under load, dozens of concurrent queries would otherwise each read their
   * own few skus, and one statement for all of them would make the first callers wait for the last.
   */
  private enqueue(entries: ReadonlyArray<[string, Entry]>): Promise<void> {
    let chunk = this.queued[this.queued.length - 1];
    if (!chunk || chunk.entries.length >= LOAD_CHUNK_SKUS) {
      let settle!: { resolve: () => void; reject: (error: unknown) => void };
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      chunk = { entries: [], done, ...settle };
      this.queued.push(chunk);
    }
    chunk.entries.push(...entries);
    if (this.queued.length === 1 && chunk.entries.length === entries.length) {
      setImmediate(() => {
        const chunks = this.queued;
        this.queued = [];
        for (const c of chunks) this.read(c.entries, Date.now()).then(c.resolve, c.reject);
      });
    }
    return chunk.done;
  }

  private async read(entries: ReadonlyArray<[string, Entry]>, startedAt: number): Promise<void> {
    // One row per sku with its levels as one JSON array: pg's row parser costs a few microseconds per
    // column, and a cold replica loads about 50 levels per sku; JSON.parse is native. Times are whole
    // epoch milliseconds (what a Date, and so the event's asOf, holds).
    const rows: LoadedSku[] = await queryRows(
      this.tx.manager,
      `SELECT floor(extract(epoch FROM n.at) * 1000)::float8 AS snapshot, g.sku, g.levels
       FROM (SELECT now() AS at) n
       LEFT JOIN (SELECT s.sku, json_agg(json_build_array(s.location_id, s.on_hand, s.reserved, s.safety_stock, s.damaged,
                                                          floor(extract(epoch FROM s.updated_at) * 1000)::bigint)) AS levels
                  FROM stock_levels s WHERE s.sku = ANY($1::text[]) GROUP BY s.sku) g ON true`,
      [entries.map(([sku]) => sku)],
    );
    const bySku = new Map(entries);
    for (const { sku, levels } of rows) {
      if (sku === null) continue;
      const entry = bySku.get(sku) as Entry;
      for (const [locationId, onHand, reserved, safetyStock, damaged, at] of levels) {
        const current = entry.levels.get(locationId);
        const row = { onHand, reserved, safetyStock, damaged };
        // Postgres answers for its snapshot; a change newer than that, already applied from the feed or a commit,
        // stays. On a tie (same millisecond), the snapshot is at least as new as a change received before it began.
        if (!current || at > current.at || (at === current.at && current.receivedAt < startedAt)) {
          entry.levels.set(locationId, { ...row, at, receivedAt: startedAt });
          entry.total = null;
        } else if (at === current.at && !same(current, row)) {
          entry.expires = 0; // still undecided: the next read loads again
        }
      }
    }
    const snapshot = rows[0].snapshot;
    for (const [, entry] of entries) {
      if (snapshot > entry.asOf) {
        entry.asOf = snapshot;
        entry.total = null;
      }
    }
  }

  private makeRoom(incoming: number): void {
    if (this.skus.size + incoming <= MAX_SKUS) return;
    let drop = this.skus.size - Math.floor(MAX_SKUS / 2);
    for (const [sku, entry] of this.skus) {
      if (drop-- <= 0) break;
      if (!entry.loading) this.skus.delete(sku);
    }
  }
}
