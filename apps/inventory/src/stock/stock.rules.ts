// Stock arithmetic: what a movement does to a level, what is sellable, when promises exceed stock.
// Pure functions, no I/O; the SQL that takes stock under concurrency mirrors `sellable` (SELLABLE_SQL).

export interface LevelFigures {
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged: number;
}

/** Identifies one sku x location in maps. */
export const levelKey = (sku: string, locationId: string): string => `${sku}\u0000${locationId}`;

/** Units a new promise may take: damaged units and the safety stock are never promised. */
export function sellable(level: LevelFigures): number {
  return Math.max(0, level.onHand - level.reserved - level.safetyStock - level.damaged);
}

/** The same figure (before the floor at 0) in SQL over a stock_levels row, for statements that decide under a row lock. */
export const sellableSql = (alias?: string): string => {
  const c = (column: string) => (alias ? `${alias}.${column}` : column);
  return `(${c('on_hand')} - ${c('reserved')} - ${c('safety_stock')} - ${c('damaged')})`;
};
export const SELLABLE_SQL = sellableSql();

/** Movements staff and systems record through the API. */
export const MOVEMENT_TYPES = [
  'receipt',
  'sale',
  'return_restock',
  'adjustment',
  'count',
  'shrink',
  'damage',
  'dispose_damaged',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/**
 * Movements only event handlers record: goods leaving for an order, damaged returns, and what pickers
 * report (units not on the shelf, units found damaged).
 */
export type SystemMovementType = 'fulfilment' | 'return_damaged' | 'pick_short' | 'found_damaged';
export type AnyMovementType = MovementType | SystemMovementType;

export const MAX_MOVEMENT_QUANTITY = 1_000_000;

export interface MovementEffect {
  onHandDelta: number;
  damagedDelta: number;
}

export type MovementOutcome = { ok: true; effect: MovementEffect } | { ok: false; reason: string };

/** Says what is wrong with a quantity for a type, or null; the sign rules differ per type. */
export function quantityProblem(type: AnyMovementType, quantity: number): string | null {
  if (!Number.isInteger(quantity)) return 'quantity must be an integer';
  if (Math.abs(quantity) > MAX_MOVEMENT_QUANTITY) return `quantity must be at most ${MAX_MOVEMENT_QUANTITY} in size`;
  if (type === 'adjustment') return quantity === 0 ? 'an adjustment must not be 0' : null;
  if (type === 'count') return quantity < 0 ? 'a count is the counted figure and cannot be negative' : null;
  return quantity < 1 ? `a ${type} quantity must be at least 1` : null;
}

/**
 * The effect of movements that never depend on the level: facts that add or remove a fixed number
 * of units (a sale over the counter, goods leaving for an order, receipts, returns). Null for the others.
 */
export function fixedEffect(type: AnyMovementType, quantity: number): MovementEffect | null {
  switch (type) {
    case 'receipt':
    case 'return_restock':
    case 'transfer_in':
      return { onHandDelta: quantity, damagedDelta: 0 };
    case 'return_damaged':
      return { onHandDelta: quantity, damagedDelta: quantity };
    case 'sale':
    case 'fulfilment':
    case 'pick_short':
      return { onHandDelta: -quantity, damagedDelta: 0 };
    default:
      return null;
  }
}

/**
 * What a movement does to on_hand and damaged. Facts from the shop floor that cannot be undone
 * (a sale over the counter, a cycle count, goods leaving for an order, returns) are always accepted;
 * bookkeeping that claims to remove units the level does not have is refused.
 */
export function movementOutcome(type: AnyMovementType, quantity: number, level: LevelFigures): MovementOutcome {
  const ok = (onHandDelta: number, damagedDelta = 0): MovementOutcome => ({
    ok: true,
    effect: { onHandDelta, damagedDelta },
  });
  const removing = (q: number): MovementOutcome =>
    level.onHand - q < 0
      ? { ok: false, reason: `only ${Math.max(0, level.onHand)} on hand; record a count instead` }
      : ok(-q);
  const fixed = fixedEffect(type, quantity);
  if (fixed) return { ok: true, effect: fixed };
  switch (type) {
    case 'shrink':
    case 'transfer_out':
      return removing(quantity);
    case 'adjustment':
      return quantity > 0 ? ok(quantity) : removing(-quantity);
    case 'count':
      // The count covers damaged units too: if fewer units exist than were marked damaged, all left are damaged.
      return ok(quantity - level.onHand, Math.min(level.damaged, quantity) - level.damaged);
    case 'damage': {
      const intact = level.onHand - level.damaged;
      return quantity > intact
        ? { ok: false, reason: `only ${Math.max(0, intact)} undamaged units on hand` }
        : ok(0, quantity);
    }
    case 'found_damaged':
      // A picker's report is a fact, but only intact units can turn out damaged.
      return ok(0, Math.min(quantity, Math.max(0, level.onHand - level.damaged)));
    case 'dispose_damaged':
      return quantity > level.damaged
        ? { ok: false, reason: `only ${level.damaged} damaged units on hand` }
        : ok(-quantity, -quantity);
    default:
      throw new Error(`no rule for movement type ${type}`);
  }
}

export function applyEffect(level: LevelFigures, effect: MovementEffect, reservedDelta = 0): LevelFigures {
  return {
    onHand: level.onHand + effect.onHandDelta,
    reserved: level.reserved + reservedDelta,
    safetyStock: level.safetyStock,
    damaged: level.damaged + effect.damagedDelta,
  };
}

/**
 * Units promised (holds and allocations) beyond the intact units physically present; 0 when every
 * promise can still be kept.
 */
export function shortBy(level: LevelFigures): number {
  return Math.max(0, level.reserved - (level.onHand - level.damaged));
}
