import { Injectable } from '@nestjs/common';
import { StockLevelChanged, StockLevelSnapshot, stockLevelKey } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost, unnestColumns } from '@omni/platform';
import { levelKey, sellable, SELLABLE_SQL, sellableSql, type LevelFigures } from './stock.rules';

export interface LevelRow extends LevelFigures {
  sku: string;
  locationId: string;
  updatedAt: Date;
}

export interface LevelRef {
  sku: string;
  locationId: string;
}

export const columnsOf = (t: string): string =>
  `${t}.sku, ${t}.location_id AS "locationId", ${t}.on_hand AS "onHand", ${t}.reserved, ${t}.safety_stock AS "safetyStock", ${t}.damaged, ${t}.updated_at AS "updatedAt"`;
const COLUMNS = columnsOf('stock_levels');

const keyed = (rows: LevelRow[]) => new Map(rows.map((r) => [levelKey(r.sku, r.locationId), r]));

/** The distinct levels `refs` name, as rows `t(sku, location_id)`. */
function levelRefs(refs: readonly LevelRef[]) {
  const unique = [...new Map(refs.map((r) => [levelKey(r.sku, r.locationId), r])).values()];
  return unnestColumns(
    't',
    { sku: 'text', location_id: 'text' },
    unique.map((r) => ({ sku: r.sku, location_id: r.locationId })),
  );
}

/**
 * Reads and writes of stock_levels inside the ambient transaction. Rows are always locked in
 * (sku, location_id) order so concurrent use cases touching several rows cannot deadlock.
 */
@Injectable()
export class LevelStore {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
  ) {}

  /** Locks the levels, creating the missing ones at zero (a sale or restock where the SKU never was). */
  async lockOrCreate(refs: readonly LevelRef[]): Promise<Map<string, LevelRow>> {
    if (!refs.length) return new Map();
    const t = levelRefs(refs);
    const rows: LevelRow[] = await queryRows(
      this.tx.manager,
      `INSERT INTO stock_levels (sku, location_id)
       SELECT sku, location_id FROM ${t.sql} ORDER BY sku, location_id
       ON CONFLICT (sku, location_id) DO UPDATE SET updated_at = stock_levels.updated_at
       RETURNING ${COLUMNS}`,
      t.params,
    );
    return keyed(rows);
  }

  /** Locks the existing levels; missing ones are simply absent from the map. */
  lock(refs: readonly LevelRef[]): Promise<Map<string, LevelRow>> {
    return this.select(refs, 'ORDER BY sku, location_id FOR UPDATE');
  }

  /** The levels as this transaction sees them, without locking: a snapshot to decide on (see reserveAbove). */
  read(refs: readonly LevelRef[]): Promise<Map<string, LevelRow>> {
    return this.select(refs, '');
  }

  /**
   * Adds to reserved on levels that still have at least `floor` sellable, locking them in (sku,
   * location) order, and announces them; null (nothing written) if any level has less. One statement,
   * so a caller that decided on a snapshot holds the row locks only from here to its commit.
   */
  async reserveAbove(
    changes: ReadonlyArray<LevelRef & { reservedDelta: number; floor: number }>,
  ): Promise<LevelRow[] | null> {
    if (!changes.length) return [];
    const d = unnestColumns(
      'd',
      { sku: 'text', location_id: 'text', delta: 'int', floor: 'int' },
      changes.map((c) => ({ sku: c.sku, location_id: c.locationId, delta: c.reservedDelta, floor: c.floor })),
    );
    const rows: LevelRow[] = await queryRows(
      this.tx.manager,
      `WITH d AS (
         SELECT * FROM ${d.sql}
       ), locked AS (
         SELECT s.sku, s.location_id FROM stock_levels s JOIN d USING (sku, location_id)
         WHERE ${sellableSql('s')} >= d.floor
         -- Rechecked on the newest version once locked, so a row that fell below its floor is left out.
         ORDER BY s.sku, s.location_id FOR UPDATE OF s
       )
       UPDATE stock_levels s SET reserved = s.reserved + d.delta, updated_at = clock_timestamp()
       FROM d JOIN locked USING (sku, location_id)
       WHERE s.sku = d.sku AND s.location_id = d.location_id
       RETURNING ${columnsOf('s')}`,
      d.params,
    );
    if (rows.length < changes.length) return null;
    this.announce(rows);
    return rows;
  }

  /** Writes new figures of levels this transaction has locked, and announces them. */
  async write(levels: readonly LevelRow[]): Promise<LevelRow[]> {
    if (!levels.length) return [];
    const d = unnestColumns(
      'd',
      { sku: 'text', location_id: 'text', on_hand: 'int', reserved: 'int', safety_stock: 'int', damaged: 'int' },
      levels.map((l) => ({
        sku: l.sku,
        location_id: l.locationId,
        on_hand: l.onHand,
        reserved: l.reserved,
        safety_stock: l.safetyStock,
        damaged: l.damaged,
      })),
    );
    const rows: LevelRow[] = await queryRows(
      this.tx.manager,
      `UPDATE stock_levels s
       SET on_hand = d.on_hand, reserved = d.reserved, safety_stock = d.safety_stock, damaged = d.damaged, updated_at = clock_timestamp()
       FROM ${d.sql}
       WHERE s.sku = d.sku AND s.location_id = d.location_id
       RETURNING ${columnsOf('s')}`,
      d.params,
    );
    this.announce(rows);
    return rows;
  }

  /** Moves reservations by the given deltas (releases are negative) on existing levels; returns the written levels. */
  async shiftReserved(changes: ReadonlyArray<LevelRef & { reservedDelta: number }>): Promise<LevelRow[]> {
    if (!changes.length) return [];
    const locked = await this.lock(changes);
    for (const c of changes) {
      const key = levelKey(c.sku, c.locationId);
      const level = locked.get(key);
      if (!level) throw new Error(`no stock level ${c.sku} @ ${c.locationId} to move a reservation on`);
      locked.set(key, { ...level, reserved: level.reserved + c.reservedDelta });
    }
    return this.write([...locked.values()]);
  }

  /**
   * Reserves `qty` only if the channel may still promise it: the whole decision is one conditional
   * UPDATE on the row, so concurrent holds serialise on the row lock and none can oversell.
   */
  async reserveIfAvailable(ref: LevelRef, qty: number, buffer: number): Promise<LevelRow | null> {
    const rows: LevelRow[] = await queryRows(
      this.tx.manager,
      `UPDATE stock_levels SET reserved = reserved + $3, updated_at = clock_timestamp()
       WHERE sku = $1 AND location_id = $2 AND ${SELLABLE_SQL} - $4 >= $3
       RETURNING ${COLUMNS}`,
      [ref.sku, ref.locationId, qty, buffer],
    );
    return rows[0] ?? null;
  }

  /** Reserves as much of `qty` as the channel may promise (partial holds): lock, decide, write. */
  async reserveUpTo(ref: LevelRef, qty: number, buffer: number): Promise<{ taken: number; level: LevelRow } | null> {
    const level = (await this.lock([ref])).get(levelKey(ref.sku, ref.locationId));
    if (!level) return null;
    const taken = Math.min(qty, sellable(level) - buffer);
    if (taken <= 0) return null;
    const [written] = await queryRows(
      this.tx.manager,
      `UPDATE stock_levels SET reserved = reserved + $3, updated_at = clock_timestamp() WHERE sku = $1 AND location_id = $2 RETURNING ${COLUMNS}`,
      [ref.sku, ref.locationId, taken],
    );
    return { taken, level: written as LevelRow };
  }

  private async select(refs: readonly LevelRef[], suffix: string): Promise<Map<string, LevelRow>> {
    if (!refs.length) return new Map();
    const t = levelRefs(refs);
    const rows: LevelRow[] = await queryRows(
      this.tx.manager,
      `SELECT ${COLUMNS} FROM stock_levels WHERE (sku, location_id) IN (SELECT sku, location_id FROM ${t.sql}) ${suffix}`,
      t.params,
    );
    return keyed(rows);
  }

  /**
   * One stock-level-changed per level, keyed by sku so all of a SKU's figures stay in order, and its
   * stock-level-snapshot on the stock-levels changelog. This replica's read model and live streams
   * take the change as soon as the transaction commits (LiveFeed), not after its trip through the topic.
   */
  announce(rows: readonly LevelRow[]): void {
    for (const r of rows) {
      const figures = {
        sku: r.sku,
        locationId: r.locationId,
        onHand: r.onHand,
        reserved: r.reserved,
        safetyStock: r.safetyStock,
        damaged: r.damaged,
        sellable: sellable(r),
        asOf: r.updatedAt.toISOString(),
      };
      this.events.publish(StockLevelChanged, r.sku, figures);
      // The same figures on the level's changelog, keyed by the level itself: what projections rebuild from.
      this.events.publish(StockLevelSnapshot, stockLevelKey(r.sku, r.locationId), figures);
    }
  }
}
