import { Injectable } from '@nestjs/common';
import { PROBLEMS } from '@omni/contracts';
import {
  ProblemException,
  queryRows,
  requestContext,
  TransactionHost,
  unnestColumns,
  type RequestContext,
} from '@omni/platform';
import { Discrepancies } from './discrepancies';
import { columnsOf, LevelStore, type LevelRef, type LevelRow } from './level-store';
import {
  applyEffect,
  fixedEffect,
  levelKey,
  movementOutcome,
  type AnyMovementType,
  type MovementEffect,
} from './stock.rules';

export interface LedgerEntry {
  sku: string;
  locationId: string;
  type: AnyMovementType;
  quantity: number;
  /** Reservations the same fact releases (goods leaving for an allocated order line). */
  reservedDelta?: number;
  reason?: string | null;
  reference?: string | null;
}

export interface MovementView {
  id: string;
  sku: string;
  locationId: string;
  type: AnyMovementType;
  quantity: number;
  onHandDelta: number;
  damagedDelta: number;
  reason: string | null;
  reference: string | null;
  principal: string | null;
  occurredAt: string;
}

/** A movement whose effect is known without its level, with who made it and the request it came in. */
export interface FixedMovement {
  entry: LedgerEntry;
  effect: MovementEffect;
  principal: string | null;
  context: RequestContext;
}

interface Planned extends LedgerEntry {
  onHandDelta: number;
  damagedDelta: number;
}

/**
 * Records movements and moves the levels by exactly their deltas in the same transaction, so
 * on_hand is the sum of the ledger by construction. Callers run inside TransactionHost.run().
 */
@Injectable()
export class Ledger {
  constructor(
    private readonly tx: TransactionHost,
    private readonly levels: LevelStore,
    private readonly discrepancies: Discrepancies,
  ) {}

  /**
   * `reservations` move reservations on other levels in the same step (an allocation released at one
   * location while the goods left from another), so all levels are locked together, in order.
   */
  async record(
    entries: readonly LedgerEntry[],
    principal: string | null,
    reservations: ReadonlyArray<LevelRef & { reservedDelta: number }> = [],
  ): Promise<{ movements: MovementView[]; levels: LevelRow[] }> {
    const fixed =
      entries.length === 1 && !reservations.length ? fixedEffect(entries[0].type, entries[0].quantity) : null;
    if (fixed) {
      const [{ movement, level }] = await this.recordFixed([
        { entry: entries[0], effect: fixed, principal, context: requestContext.current() },
      ]);
      return { movements: [movement], levels: [level] };
    }
    const current = await this.levels.lockOrCreate([...entries, ...reservations]);
    for (const r of reservations) {
      const key = levelKey(r.sku, r.locationId);
      const level = current.get(key) as LevelRow;
      current.set(key, { ...level, reserved: level.reserved + r.reservedDelta });
    }
    const intactBefore = new Map([...current].map(([k, l]) => [k, l.onHand - l.damaged]));
    const planned: Planned[] = entries.map((entry) => {
      const key = levelKey(entry.sku, entry.locationId);
      const level = current.get(key) as LevelRow;
      const outcome = movementOutcome(entry.type, entry.quantity, level);
      if (!outcome.ok) {
        throw new ProblemException(PROBLEMS.movementRefused, outcome.reason, {
          sku: entry.sku,
          locationId: entry.locationId,
        });
      }
      current.set(key, { ...level, ...applyEffect(level, outcome.effect, entry.reservedDelta ?? 0) });
      return { ...entry, ...outcome.effect };
    });
    const written = await this.levels.write([...current.values()]);
    const movements = await this.insert(planned, principal);
    for (const level of written) {
      const key = levelKey(level.sku, level.locationId);
      // Only a movement that took intact units away can break a promise.
      if (level.onHand - level.damaged >= (intactBefore.get(key) ?? 0)) continue;
      const last = [...movements].reverse().find((m) => levelKey(m.sku, m.locationId) === key) as MovementView;
      await this.discrepancies.reportIfShort(level, last);
    }
    return { movements, levels: written };
  }

  /**
   * Movements whose effect does not depend on the level (POS sales, receipts), from one request or
   * many coalesced ones: the levels (summed per sku x location, in lock order) and the ledger rows of
   * all of them in one statement. Answers, per movement, its row and the level right after it.
   */
  async recordFixed(items: readonly FixedMovement[]): Promise<Array<{ movement: MovementView; level: LevelRow }>> {
    const d = unnestColumns(
      't',
      {
        sku: 'text',
        location_id: 'text',
        type: 'text',
        quantity: 'int',
        on_hand_delta: 'int',
        reserved_delta: 'int',
        damaged_delta: 'int',
        reason: 'text',
        reference: 'text',
        principal: 'text',
        correlation_id: 'text',
      },
      items.map(({ entry, effect, principal, context }) => ({
        sku: entry.sku,
        location_id: entry.locationId,
        type: entry.type,
        quantity: entry.quantity,
        on_hand_delta: effect.onHandDelta,
        reserved_delta: entry.reservedDelta ?? 0,
        damaged_delta: effect.damagedDelta,
        reason: entry.reason ?? null,
        reference: entry.reference ?? null,
        principal,
        correlation_id: context.correlationId,
      })),
      { ordinality: 'ord' },
    );
    const [{ levels, ids, occurredAt }] = await queryRows<{
      levels: Array<Omit<LevelRow, 'updatedAt'> & { updatedAt: string }>;
      ids: string[];
      occurredAt: Date;
    }>(
      this.tx.manager,
      // A new level starts with nothing reserved (the inserted row must pass CHECK reserved >= 0): reserved_delta moves existing ones only.
      `WITH d AS (
         SELECT * FROM ${d.sql}
       ), level AS (
         INSERT INTO stock_levels AS s (sku, location_id, on_hand, reserved, damaged, updated_at)
         SELECT sku, location_id, sum(on_hand_delta), 0, sum(damaged_delta), clock_timestamp() FROM d GROUP BY sku, location_id ORDER BY sku, location_id
         ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = s.on_hand + EXCLUDED.on_hand,
           reserved = s.reserved + (SELECT sum(d.reserved_delta) FROM d WHERE d.sku = s.sku AND d.location_id = s.location_id)::int,
           damaged = s.damaged + EXCLUDED.damaged, updated_at = EXCLUDED.updated_at
         RETURNING ${columnsOf('s')}
       ), movement AS (
         INSERT INTO stock_movements (sku, location_id, type, quantity, on_hand_delta, damaged_delta, reason, reference, principal, correlation_id)
         SELECT sku, location_id, type, quantity, on_hand_delta, damaged_delta, reason, reference, principal, correlation_id FROM d ORDER BY ord
         RETURNING id
       )
       SELECT (SELECT json_agg(level) FROM level) AS levels, (SELECT array_agg(id ORDER BY id)::text[] FROM movement) AS ids, now() AS "occurredAt"`,
      d.params,
    );
    // Ids come from one sequence in insertion order, which is the order of the items.
    const after = new Map(
      levels.map((l) => [levelKey(l.sku, l.locationId), { ...l, updatedAt: new Date(l.updatedAt) }]),
    );
    const results: Array<{ movement: MovementView; level: LevelRow }> = new Array(items.length);
    // Per level: the last movement on it (whose request context announces it) and whether any took intact units.
    const lastOn = new Map<string, number>();
    const tookIntact = new Set<string>();
    for (let i = items.length - 1; i >= 0; i--) {
      // Walking back from the end: each movement's level is the final one less what came after it.
      const { entry, effect, principal } = items[i];
      const key = levelKey(entry.sku, entry.locationId);
      const level = after.get(key) as LevelRow;
      if (!lastOn.has(key)) lastOn.set(key, i);
      if (effect.onHandDelta - effect.damagedDelta < 0) tookIntact.add(key);
      results[i] = {
        level: { ...level },
        movement: {
          id: ids[i],
          sku: entry.sku,
          locationId: entry.locationId,
          type: entry.type,
          quantity: entry.quantity,
          ...effect,
          reason: entry.reason ?? null,
          reference: entry.reference ?? null,
          principal,
          occurredAt: occurredAt.toISOString(),
        },
      };
      after.set(key, {
        ...level,
        onHand: level.onHand - effect.onHandDelta,
        reserved: level.reserved - (entry.reservedDelta ?? 0),
        damaged: level.damaged - effect.damagedDelta,
      });
    }
    // Per level, its final figures and any broken promise, in the context of the last movement on it.
    for (const [key, i] of lastOn) {
      const { movement, level } = results[i];
      await requestContext.run(items[i].context, async () => {
        this.levels.announce([level]);
        if (tookIntact.has(key)) await this.discrepancies.reportIfShort(level, movement);
      });
    }
    return results;
  }

  private async insert(planned: readonly Planned[], principal: string | null): Promise<MovementView[]> {
    if (!planned.length) return [];
    const t = unnestColumns(
      't',
      {
        sku: 'text',
        location_id: 'text',
        type: 'text',
        quantity: 'int',
        on_hand_delta: 'int',
        damaged_delta: 'int',
        reason: 'text',
        reference: 'text',
      },
      planned.map((p) => ({
        sku: p.sku,
        location_id: p.locationId,
        type: p.type,
        quantity: p.quantity,
        on_hand_delta: p.onHandDelta,
        damaged_delta: p.damagedDelta,
        reason: p.reason ?? null,
        reference: p.reference ?? null,
      })),
      { from: 3 },
    );
    const rows: Array<{ id: string; occurred_at: Date }> = await queryRows(
      this.tx.manager,
      `INSERT INTO stock_movements (sku, location_id, type, quantity, on_hand_delta, damaged_delta, reason, reference, principal, correlation_id)
       SELECT t.*, $1, $2 FROM ${t.sql}
       RETURNING id, occurred_at`,
      [principal, requestContext.current().correlationId, ...t.params],
    );
    // Rows come back in the order unnest produced them.
    return planned.map((p, i) => ({
      id: rows[i].id,
      sku: p.sku,
      locationId: p.locationId,
      type: p.type,
      quantity: p.quantity,
      onHandDelta: p.onHandDelta,
      damagedDelta: p.damagedDelta,
      reason: p.reason ?? null,
      reference: p.reference ?? null,
      principal,
      occurredAt: rows[i].occurred_at.toISOString(),
    }));
  }
}
