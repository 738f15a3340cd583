import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException, queryRows, requestContext, TransactionHost } from '@omni/platform';
import { Discrepancies } from './discrepancies';
import { columnsOf, LevelStore, type LevelRef, type LevelRow } from './level-store';
import { applyEffect, fixedEffect, levelKey, movementOutcome, type AnyMovementType, type MovementEffect } from './stock.rules';

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
    const fixed = entries.length === 1 && !reservations.length ? fixedEffect(entries[0].type, entries[0].quantity) : null;
    if (fixed) return this.recordFixed(entries[0], fixed, principal);
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
        throw new ProblemException(HttpStatus.CONFLICT, 'Movement refused', outcome.reason, {
          type: 'urn:omni:problem:movement-refused',
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
   * One movement whose effect does not depend on the level (a POS sale, a receipt): level and ledger
   * row in one statement, so the level row is locked for one round trip less.
   */
  private async recordFixed(entry: LedgerEntry, effect: MovementEffect, principal: string | null): Promise<{ movements: MovementView[]; levels: LevelRow[] }> {
    const [row] = await queryRows<LevelRow & { movementId: string; occurredAt: Date }>(
      this.tx.manager,
      // A new level starts with nothing reserved (the inserted row must pass CHECK reserved >= 0): $4 moves existing ones only.
      `WITH level AS (
         INSERT INTO stock_levels AS s (sku, location_id, on_hand, reserved, damaged, updated_at)
         VALUES ($1, $2, $3, 0, $5, clock_timestamp())
         ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = s.on_hand + EXCLUDED.on_hand, reserved = s.reserved + $4::int,
           damaged = s.damaged + EXCLUDED.damaged, updated_at = EXCLUDED.updated_at
         RETURNING s.*
       ), movement AS (
         INSERT INTO stock_movements (sku, location_id, type, quantity, on_hand_delta, damaged_delta, reason, reference, principal, correlation_id)
         SELECT sku, location_id, $6, $7, $3, $5, $8, $9, $10, $11 FROM level
         RETURNING id, occurred_at
       )
       SELECT ${columnsOf('level')}, movement.id AS "movementId", movement.occurred_at AS "occurredAt" FROM level, movement`,
      [
        entry.sku,
        entry.locationId,
        effect.onHandDelta,
        entry.reservedDelta ?? 0,
        effect.damagedDelta,
        entry.type,
        entry.quantity,
        entry.reason ?? null,
        entry.reference ?? null,
        principal,
        requestContext.current().correlationId,
      ],
    );
    const { movementId, occurredAt, ...level } = row;
    this.levels.announce([level]);
    const movement: MovementView = {
      id: movementId,
      sku: entry.sku,
      locationId: entry.locationId,
      type: entry.type,
      quantity: entry.quantity,
      ...effect,
      reason: entry.reason ?? null,
      reference: entry.reference ?? null,
      principal,
      occurredAt: occurredAt.toISOString(),
    };
    if (effect.onHandDelta - effect.damagedDelta < 0) await this.discrepancies.reportIfShort(level, movement);
    return { movements: [movement], levels: [level] };
  }

  private async insert(planned: readonly Planned[], principal: string | null): Promise<MovementView[]> {
    if (!planned.length) return [];
    const rows: Array<{ id: string; occurred_at: Date }> = await queryRows(this.tx.manager,
      `INSERT INTO stock_movements (sku, location_id, type, quantity, on_hand_delta, damaged_delta, reason, reference, principal, correlation_id)
       SELECT t.*, $9, $10 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[]) AS t
       RETURNING id, occurred_at`,
      [
        planned.map((p) => p.sku),
        planned.map((p) => p.locationId),
        planned.map((p) => p.type),
        planned.map((p) => p.quantity),
        planned.map((p) => p.onHandDelta),
        planned.map((p) => p.damagedDelta),
        planned.map((p) => p.reason ?? null),
        planned.map((p) => p.reference ?? null),
        principal,
        requestContext.current().correlationId,
      ],
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
