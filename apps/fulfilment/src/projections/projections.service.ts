import { Injectable } from '@nestjs/common';
import {
  HoldSnapshot,
  LocationSnapshot,
  StockLevelSnapshot,
  type EventEnvelope,
  type HoldSnapshotV1,
  type LocationChangedV1,
  type StockLevelChangedV1,
} from '@omni/contracts';
import { TransactionHost, unnestColumns } from '@omni/platform';
import { Subject, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';

/**
 * Fulfilment's own view of inventory, kept from inventory's changelogs (a service never reads
 * another's tables): locations, stock levels and cart holds, each record an entity's whole state.
 * The reader replays the changelogs from the beginning at every start and may meet a record older
 * than what another replica already wrote: every upsert keeps the newest by inventory's own timestamp.
 */
@Injectable()
export class ProjectionsService {
  private readonly arrivals = new Subject<string[]>();

  constructor(private readonly tx: TransactionHost) {}

  /** Ids of locations whose state was just written (after the commit): lines waiting for one may be sourced. */
  get locationsArrived(): Observable<string[]> {
    return this.arrivals.asObservable();
  }

  async apply(events: readonly EventEnvelope[]): Promise<void> {
    const of = <T>(type: string) => events.filter((e) => e.type === type).map((e) => e.data as T);
    const locations = of<LocationChangedV1>(LocationSnapshot.type);
    const states = statesStatement(
      of<StockLevelChangedV1>(StockLevelSnapshot.type),
      of<HoldSnapshotV1>(HoldSnapshot.type),
    );
    // Stock levels and holds are one statement, atomic by itself: most batches need no transaction.
    if (!locations.length) {
      if (states) await this.tx.manager.query(states.sql, states.params);
      return;
    }
    const arrived = await this.tx.run(async (m) => {
      const written = await this.applyLocations(m, locations);
      if (states) await m.query(states.sql, states.params);
      return written;
    });
    if (arrived.length) this.arrivals.next(arrived);
  }

  /**
   * The statement part by which a cart hold's stock converts into its order's allocation: from then
   * on it is that order's, not the hold's. `source` yields the holds' ids (column hold_id); a
   * data-modifying CTE of the statement that records the allocation, so it costs no round trip.
   */
  static convertHolds(source: string): string {
    return `INSERT INTO holds (hold_id, status, updated_at) SELECT c.hold_id, 'converted', now() FROM ${source} AS c
       ON CONFLICT (hold_id) DO UPDATE SET status = 'converted', lines = '[]', updated_at = greatest(holds.updated_at, now())`;
  }

  private async applyLocations(m: EntityManager, locations: readonly LocationChangedV1[]): Promise<string[]> {
    const written: string[] = [];
    // Few and rarely changed: one statement each.
    for (const l of locations) {
      const rows: unknown[] = await m.query(
        `INSERT INTO locations (id, type, name, address, postal_code, city, country, lat, lng, timezone, capabilities, active, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, address = EXCLUDED.address,
           postal_code = EXCLUDED.postal_code, city = EXCLUDED.city, country = EXCLUDED.country, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
           timezone = EXCLUDED.timezone, capabilities = EXCLUDED.capabilities, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
         WHERE locations.updated_at <= EXCLUDED.updated_at
         RETURNING id`,
        [
          l.id,
          l.type,
          l.name,
          JSON.stringify(l.address),
          l.address.postalCode,
          l.address.city,
          l.address.country,
          l.lat,
          l.lng,
          l.timezone,
          l.capabilities,
          l.active,
          l.updatedAt,
        ],
      );
      if (rows.length) written.push(l.id);
    }
    return written;
  }
}

/**
 * The newest stock levels and holds of a batch in one statement (two data-modifying parts, on two
 * tables): each keeps the newest state by inventory's own timestamp. A hold is one row with its
 * lines, so a replica applying an older record of it at the same moment waits for the row's lock and
 * then finds it newer: nothing of an older state survives beside a newer one.
 */
function statesStatement(
  levels: readonly StockLevelChangedV1[],
  holds: readonly HoldSnapshotV1[],
): { sql: string; params: unknown[] } | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (levels.length) {
    const p = unnestColumns(
      'p',
      { sku: 'text', location_id: 'text', sellable: 'int', as_of: 'timestamptz' },
      levels.map((s) => ({ sku: s.sku, location_id: s.locationId, sellable: s.sellable, as_of: s.asOf })),
      { from: params.length + 1 },
    );
    params.push(...p.params);
    parts.push(
      `INSERT INTO stock_positions (sku, location_id, sellable, as_of)
       SELECT * FROM ${p.sql} ORDER BY 1, 2
       ON CONFLICT (sku, location_id) DO UPDATE SET sellable = EXCLUDED.sellable, as_of = EXCLUDED.as_of
       WHERE stock_positions.as_of <= EXCLUDED.as_of`,
    );
  }
  if (holds.length) {
    // What an active hold still reserves; an ended or converted one keeps only its state.
    const h = unnestColumns(
      'h',
      { hold_id: 'text', status: 'text', updated_at: 'timestamptz', lines: 'jsonb' },
      holds.map((s) => ({
        hold_id: s.holdId,
        status: s.status,
        updated_at: s.updatedAt,
        lines: JSON.stringify(
          s.status === 'active' ? s.lines.map((l) => ({ sku: l.sku, locationId: l.locationId, qty: l.qty })) : [],
        ),
      })),
      { from: params.length + 1 },
    );
    params.push(...h.params);
    parts.push(
      `INSERT INTO holds (hold_id, status, updated_at, lines)
       SELECT * FROM ${h.sql} ORDER BY 1
       ON CONFLICT (hold_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, lines = EXCLUDED.lines
       WHERE holds.updated_at < EXCLUDED.updated_at`,
    );
  }
  if (!parts.length) return null;
  const [main, ...before] = parts.reverse();
  const sql = before.length ? `WITH ${before.map((part, i) => `w${i} AS (${part})`).join(', ')} ${main}` : main;
  return { sql, params };
}
