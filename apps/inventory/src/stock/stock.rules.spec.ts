import {
  applyEffect,
  fixedEffect,
  movementOutcome,
  quantityProblem,
  sellable,
  shortBy,
  type LevelFigures,
} from './stock.rules';

const level = (over: Partial<LevelFigures> = {}): LevelFigures => ({
  onHand: 10,
  reserved: 0,
  safetyStock: 0,
  damaged: 0,
  ...over,
});
const effect = (type: Parameters<typeof movementOutcome>[0], q: number, l = level()) => {
  const outcome = movementOutcome(type, q, l);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.effect;
};

describe('sellable', () => {
  it('subtracts reserved, safety stock and damaged units from on hand', () => {
    expect(sellable(level({ onHand: 20, reserved: 5, safetyStock: 3, damaged: 2 }))).toBe(10);
  });

  it('never goes below zero, even when on hand is negative', () => {
    expect(sellable(level({ onHand: -2, reserved: 4 }))).toBe(0);
  });
});

describe('quantityProblem', () => {
  it('accepts a signed adjustment but not 0', () => {
    expect(quantityProblem('adjustment', -3)).toBeNull();
    expect(quantityProblem('adjustment', 0)).toMatch(/not be 0/);
  });

  it('accepts a count of 0 but no negative count', () => {
    expect(quantityProblem('count', 0)).toBeNull();
    expect(quantityProblem('count', -1)).toMatch(/cannot be negative/);
  });

  it('requires at least one unit for other movements', () => {
    expect(quantityProblem('receipt', 0)).toMatch(/at least 1/);
    expect(quantityProblem('sale', -1)).toMatch(/at least 1/);
    expect(quantityProblem('sale', 1)).toBeNull();
  });

  it('rejects fractions and absurd sizes', () => {
    expect(quantityProblem('receipt', 1.5)).toMatch(/integer/);
    expect(quantityProblem('receipt', 2_000_000)).toMatch(/at most/);
  });
});

describe('movementOutcome', () => {
  it('adds receipts, restocks and transfers in', () => {
    expect(effect('receipt', 4)).toEqual({ onHandDelta: 4, damagedDelta: 0 });
    expect(effect('return_restock', 1).onHandDelta).toBe(1);
    expect(effect('transfer_in', 2).onHandDelta).toBe(2);
  });

  it('never refuses a sale, even one that takes on hand below zero', () => {
    expect(effect('sale', 12, level({ onHand: 10, reserved: 10 }))).toEqual({ onHandDelta: -12, damagedDelta: 0 });
  });

  it('refuses shrink, transfers out and negative adjustments beyond what is on hand', () => {
    expect(movementOutcome('shrink', 11, level())).toEqual({
      ok: false,
      reason: expect.stringMatching(/only 10 on hand/),
    });
    expect(movementOutcome('transfer_out', 11, level()).ok).toBe(false);
    expect(movementOutcome('adjustment', -11, level()).ok).toBe(false);
    expect(effect('adjustment', -10)).toEqual({ onHandDelta: -10, damagedDelta: 0 });
  });

  it('records a count as the delta to the counted figure', () => {
    expect(effect('count', 7, level({ onHand: 10 }))).toEqual({ onHandDelta: -3, damagedDelta: 0 });
    expect(effect('count', 15, level({ onHand: 10 })).onHandDelta).toBe(5);
  });

  it('keeps damaged within a count that found fewer units than were damaged', () => {
    expect(effect('count', 1, level({ onHand: 10, damaged: 3 }))).toEqual({ onHandDelta: -9, damagedDelta: -2 });
  });

  it('marks intact units damaged without changing on hand, and disposes of damaged units', () => {
    expect(effect('damage', 2, level({ onHand: 10, damaged: 1 }))).toEqual({ onHandDelta: 0, damagedDelta: 2 });
    expect(movementOutcome('damage', 10, level({ onHand: 10, damaged: 1 })).ok).toBe(false);
    expect(effect('dispose_damaged', 1, level({ damaged: 1 }))).toEqual({ onHandDelta: -1, damagedDelta: -1 });
    expect(movementOutcome('dispose_damaged', 2, level({ damaged: 1 })).ok).toBe(false);
  });

  it('adds a damaged return to on hand and to damaged', () => {
    expect(effect('return_damaged', 2)).toEqual({ onHandDelta: 2, damagedDelta: 2 });
  });
});

describe('applyEffect and shortBy', () => {
  it('applies deltas to a level', () => {
    expect(applyEffect(level(), { onHandDelta: -3, damagedDelta: 1 }, 2)).toEqual(
      level({ onHand: 7, damaged: 1, reserved: 2 }),
    );
  });

  it('reports how far promises exceed intact units on hand', () => {
    expect(shortBy(level({ onHand: 3, reserved: 5 }))).toBe(2);
    expect(shortBy(level({ onHand: 5, reserved: 5, damaged: 1 }))).toBe(1);
    expect(shortBy(level({ onHand: 5, reserved: 5, safetyStock: 4 }))).toBe(0);
  });
});

describe('fixedEffect', () => {
  it('knows the effect of facts that do not depend on the level, and only of those', () => {
    expect(fixedEffect('sale', 2)).toEqual({ onHandDelta: -2, damagedDelta: 0 });
    expect(fixedEffect('return_damaged', 1)).toEqual({ onHandDelta: 1, damagedDelta: 1 });
    expect(fixedEffect('count', 5)).toBeNull();
    expect(fixedEffect('shrink', 1)).toBeNull();
  });
});

describe('picker reports', () => {
  it('lowers on hand by units not found on the shelf, even below zero', () => {
    expect(fixedEffect('pick_short', 3)).toEqual({ onHandDelta: -3, damagedDelta: 0 });
  });

  it('marks at most the intact units damaged, never refusing the report', () => {
    expect(effect('found_damaged', 5, level({ onHand: 4, damaged: 1 }))).toEqual({ onHandDelta: 0, damagedDelta: 3 });
  });
});
