import { levelKey, type LevelFigures } from '../stock/stock.rules';
import { consumption, planAllocation, planFromHoldAlone, type Demand } from './allocations.rules';

const lvl = (onHand: number, reserved = 0): LevelFigures => ({ onHand, reserved, safetyStock: 0, damaged: 0 });
const demand = (orderLineId: string, sku: string, locationId: string, qty: number): Demand => ({
  orderLineId,
  sku,
  locationId,
  qty,
});

describe('planAllocation', () => {
  it('takes every line from sellable stock when all fit', () => {
    const plan = planAllocation(
      [demand('l1', 'a', 'x', 2), demand('l2', 'b', 'x', 1)],
      new Map([
        [levelKey('a', 'x'), lvl(2)],
        [levelKey('b', 'x'), lvl(5, 4)],
      ]),
    );
    expect(plan.ok).toBe(true);
    if (plan.ok) expect(plan.takes.map((t) => t.fromStock)).toEqual([2, 1]);
  });

  it('rejects the whole request and reports each line when one line is short', () => {
    const plan = planAllocation(
      [demand('l1', 'a', 'x', 2), demand('l2', 'b', 'x', 3)],
      new Map([
        [levelKey('a', 'x'), lvl(2)],
        [levelKey('b', 'x'), lvl(1)],
      ]),
    );
    expect(plan).toEqual({
      ok: false,
      lines: [
        { ...demand('l1', 'a', 'x', 2), available: 2, shortfall: 0 },
        { ...demand('l2', 'b', 'x', 3), available: 1, shortfall: 2 },
      ],
    });
  });

  it('counts two lines of the same sku and location against the same stock', () => {
    const plan = planAllocation(
      [demand('l1', 'a', 'x', 2), demand('l2', 'a', 'x', 2)],
      new Map([[levelKey('a', 'x'), lvl(3)]]),
    );
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.lines[1]).toMatchObject({ available: 1, shortfall: 1 });
  });

  it('has nothing to give at a level that does not exist', () => {
    const plan = planAllocation([demand('l1', 'a', 'nowhere', 1)], new Map());
    expect(plan.ok).toBe(false);
  });

  it('converts the hold first, takes the rest from stock and returns what the hold had left over', () => {
    const key = levelKey('a', 'x');
    // 5 on hand, 3 of them reserved by the hold: 2 more are sellable.
    const plan = planAllocation(
      [demand('l1', 'a', 'x', 4)],
      new Map([[key, lvl(5, 3)]]),
      new Map([
        [key, 3],
        [levelKey('b', 'x'), 2],
      ]),
    );
    expect(plan.ok).toBe(true);
    if (plan.ok) {
      expect(plan.takes[0]).toMatchObject({ fromHold: 3, fromStock: 1 });
      expect([...plan.leftover]).toEqual([[levelKey('b', 'x'), 2]]);
    }
  });
});

describe('planFromHoldAlone', () => {
  const a = levelKey('a', 'x');
  const b = levelKey('b', 'x');

  it('moves every unit from the hold when the hold covers the order exactly', () => {
    const plan = planFromHoldAlone(
      [demand('l1', 'a', 'x', 1), demand('l2', 'a', 'x', 2), demand('l3', 'b', 'x', 1)],
      new Map([
        [a, 3],
        [b, 1],
      ]),
    );
    expect(plan?.takes.map((t) => [t.fromHold, t.fromStock])).toEqual([
      [1, 0],
      [2, 0],
      [1, 0],
    ]);
    expect(plan?.leftover.size).toBe(0);
  });

  it('has no plan when a line needs stock beyond the hold, or the hold has units left over', () => {
    expect(planFromHoldAlone([demand('l1', 'a', 'x', 2)], new Map([[a, 1]]))).toBeNull();
    expect(planFromHoldAlone([demand('l1', 'a', 'x', 1)], new Map([[a, 2]]))).toBeNull();
    expect(planFromHoldAlone([demand('l1', 'a', 'x', 1)], new Map([[b, 1]]))).toBeNull();
    expect(planFromHoldAlone([demand('l1', 'a', 'x', 1)], new Map())).toBeNull();
  });
});

describe('consumption', () => {
  it('consumes the allocation and lowers on hand by what left', () => {
    expect(consumption(3, 2)).toEqual({ fromAllocation: 2, reservedDelta: -2, onHandDelta: -2 });
  });

  it('lowers on hand by all that left even beyond the allocation', () => {
    expect(consumption(1, 3)).toEqual({ fromAllocation: 1, reservedDelta: -1, onHandDelta: -3 });
    expect(consumption(0, 2)).toEqual({ fromAllocation: 0, reservedDelta: 0, onHandDelta: -2 });
  });
});
