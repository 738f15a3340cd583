import { Injectable } from '@nestjs/common';
import { entitiesFromJson, queryRows, TransactionHost } from '@omni/platform';
import { KnownHold } from '../holds/known-hold.entity';
import { holdVerdict } from '../holds/holds.rules';
import { KnownLocation } from '../locations/known-location.entity';
import { pickupRefusal } from '../locations/locations.rules';
import type { PickupRequest } from '../locations/locations.service';
import { skuFacts, type SkuFacts } from '../skus/skus.rules';
import type { HoldFactsOf, PickupFacts } from './pending.rules';
import type { LockedRead } from '../status/journey';
import type { StoredWait } from './pending-store';

interface FactRows {
  hold: Record<string, unknown> | null;
  locations: Array<Record<string, unknown>>;
  skus: string[];
}

// The hold row is locked (two orders racing for one hold take turns: the second sees the first's
// claim); the rest are plain reads of the statement's snapshot, as they were when each had its own
// statement before the lock: a location or SKU read a moment early can only make an order wait.
const FACTS = `
  (SELECT row_to_json(h) FROM hold h) AS hold,
  (SELECT coalesce(json_agg(l), '[]') FROM known_locations l WHERE l.id IN (SELECT ref FROM asked WHERE kind = 'location')) AS locations,
  (SELECT coalesce(json_agg(s.sku), '[]') FROM known_skus s WHERE s.sku IN (SELECT ref FROM asked WHERE kind = 'sku')) AS skus`;

/**
 * What orders knows of the hold, pickup locations and SKUs a placement names, in one statement (a
 * round trip is most of a read's cost here), inside the placing or deciding transaction.
 */
@Injectable()
export class PlacementFacts {
  constructor(private readonly tx: TransactionHost) {}

  /** At placement: the request's pickups, SKUs and hold, and whether its external reference is taken. */
  async ofRequest(q: {
    pickups: readonly PickupRequest[];
    skus: readonly string[];
    hold?: { holdId: string; principal: string; now: Date };
    externalRef?: { channel: string; ref: string };
  }): Promise<{ pickups: PickupFacts[]; skus: SkuFacts[]; hold?: HoldFactsOf; externalRefUsed: boolean }> {
    const [row] = await queryRows<FactRows & { externalRefUsed: boolean }>(
      this.tx.manager,
      `WITH asked AS (SELECT 'location' AS kind, unnest($1::text[]) AS ref UNION ALL SELECT 'sku', unnest($2::text[])),
            hold AS (SELECT * FROM known_holds WHERE id = $3 FOR UPDATE)
       SELECT ${FACTS},
         EXISTS (SELECT 1 FROM orders WHERE channel = $4 AND external_ref = $5) AS "externalRefUsed"`,
      [
        q.pickups.map((p) => p.locationId),
        q.skus,
        q.hold?.holdId ?? null,
        q.externalRef?.channel ?? null,
        q.externalRef?.ref ?? null,
      ],
    );
    const known = this.hydrate(row);
    return {
      pickups: q.pickups.map((r) => ({ ...r, refusal: pickupRefusal(known.locations.get(r.locationId)) })),
      skus: skuFacts(q.skus, known.skus),
      hold: q.hold && { holdId: q.hold.holdId, verdict: holdVerdict(known.hold, q.hold.principal, q.hold.now) },
      externalRefUsed: row.externalRefUsed,
    };
  }

  /**
   * When a pending order is decided, a read to ride on Journey.lock's lines read (after the order's
   * lock is granted: waits change only under it): what it waits for, and what orders now knows of
   * each, the hold it waits for locked (after the order: the lock order every placement keeps).
   */
  waitsRead(orderId: string): LockedRead {
    const asked = (kind: string, from: number) =>
      `SELECT ref FROM order_waits WHERE order_id = $${from} AND kind = '${kind}'`;
    return (from) => ({
      sql: `json_build_object(
        'hold', (SELECT row_to_json(h) FROM (SELECT * FROM known_holds WHERE id = (SELECT min(ref) FROM (${asked('hold', from)}) w) FOR UPDATE) h),
        'locations', (SELECT coalesce(json_agg(l), '[]') FROM known_locations l WHERE l.id IN (${asked('location', from)})),
        'skus', (SELECT coalesce(json_agg(s.sku), '[]') FROM known_skus s WHERE s.sku IN (${asked('sku', from)})),
        'waits', (SELECT coalesce(json_agg(json_build_object('kind', kind, 'ref', ref, 'field', field,
                   'correlationId', correlation_id, 'actor', actor) ORDER BY kind, ref, field), '[]')
                  FROM order_waits WHERE order_id = $${from}))`,
      params: [orderId],
    });
  }

  /** What waitsRead answered, judged for the order's placing principal. */
  ofWaits(
    read: unknown,
    principal: string,
    now: Date,
  ): { waits: StoredWait[]; pickups: PickupFacts[]; skus: SkuFacts[]; hold?: HoldFactsOf } {
    const row = read as FactRows & { waits: StoredWait[] };
    const known = this.hydrate(row);
    const waits = row.waits;
    const holdWait = waits.find((w) => w.kind === 'hold');
    return {
      waits,
      pickups: waits
        .filter((w) => w.kind === 'location')
        .map((w) => ({ field: w.field, locationId: w.ref, refusal: pickupRefusal(known.locations.get(w.ref)) })),
      skus: waits
        .filter((w) => w.kind === 'sku')
        .map((w) => ({ field: w.field, sku: w.ref, known: known.skus.has(w.ref) })),
      hold: holdWait && { holdId: holdWait.ref, verdict: holdVerdict(known.hold, principal, now) },
    };
  }

  private hydrate(row: FactRows) {
    const m = this.tx.manager;
    const locations = entitiesFromJson(m, KnownLocation, row.locations);
    return {
      hold: row.hold ? entitiesFromJson(m, KnownHold, [row.hold])[0] : undefined,
      locations: new Map(locations.map((l) => [l.id, l])),
      skus: new Set(row.skus),
    };
  }
}
