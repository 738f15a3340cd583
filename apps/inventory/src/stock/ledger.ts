import { HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException, requestContext, TransactionHost } from '@omni/platform';
import { Discrepancies } from './discrepancies';
import { LevelStore, type LevelRow } from './level-store';
import { applyEffect, levelKey, movementOutcome, type AnyMovementType } from './stock.rules';

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

  async record(entries: readonly LedgerEntry[], principal: string | null): Promise<{ movements: MovementView[]; levels: LevelRow[] }> {
    const current = await this.levels.lockOrCreate(entries);
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

  private async insert(planned: readonly Planned[], principal: string | null): Promise<MovementView[]> {
    const rows: Array<{ id: string; occurred_at: Date }> = await this.tx.manager.query(
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
