import { levelKey } from '../stock/stock.rules';
import {
  holdSucceeds,
  outcome,
  rankCandidates,
  sellableFloor,
  takePinned,
  takingOrder,
  type Candidate,
} from './holds.rules';

const c = (locationId: string, type: Candidate['type'], available: number, own = false): Candidate => ({
  locationId,
  type,
  available,
  own,
});

describe('rankCandidates', () => {
  it('tries locations that can serve the whole line before those that cannot', () => {
    expect(rankCandidates([c('dc', 'dc', 1), c('st', 'store', 5)], 3).map((x) => x.locationId)).toEqual(['st', 'dc']);
  });

  it('prefers the caller own store, then DCs over warehouses over stores', () => {
    const ranked = rankCandidates(
      [c('st', 'store', 9), c('wh', 'warehouse', 9), c('dc', 'dc', 9), c('mine', 'store', 3, true)],
      2,
    );
    expect(ranked.map((x) => x.locationId)).toEqual(['mine', 'dc', 'wh', 'st']);
  });

  it('breaks ties by more stock, then by id, so replicas agree', () => {
    expect(rankCandidates([c('b', 'dc', 5), c('a', 'dc', 5), c('z', 'dc', 8)], 1).map((x) => x.locationId)).toEqual([
      'z',
      'a',
      'b',
    ]);
  });
});

describe('takingOrder', () => {
  it('orders lines by sku then location, unpinned lines last within their sku', () => {
    const lines = [
      { lineNo: 1, sku: 'b', qty: 1 },
      { lineNo: 2, sku: 'a', qty: 1, locationId: 'y' },
      { lineNo: 3, sku: 'a', qty: 1 },
      { lineNo: 4, sku: 'a', qty: 1, locationId: 'x' },
    ];
    expect(takingOrder(lines).map((l) => l.lineNo)).toEqual([4, 2, 3, 1]);
  });
});

describe('holdSucceeds', () => {
  const line = { lineNo: 1, sku: 'a', qty: 3 };
  it('needs every line whole unless partial holds are allowed', () => {
    const partial = [outcome(line, 2, 'x'), outcome({ ...line, lineNo: 2 }, 3, 'x')];
    expect(holdSucceeds(partial, false)).toBe(false);
    expect(holdSucceeds(partial, true)).toBe(true);
    expect(holdSucceeds([outcome(line, 0, null)], true)).toBe(false);
    expect(partial[0].shortfall).toBe(1);
  });
});

describe('takePinned', () => {
  const noBuffer = (units: number) => Math.max(0, units);
  const line = (lineNo: number, sku: string, qty: number, locationId = 'st') => ({ lineNo, sku, qty, locationId });

  it('takes holds in arrival order until the row runs out, and never more than it can sell', () => {
    const left = new Map([[levelKey('a', 'st'), 3]]);
    const results = [2, 2, 1].map((qty) => takePinned([line(1, 'a', qty)], false, left, noBuffer));
    expect(results.map((r) => r.held)).toEqual([true, false, true]);
    expect(results[1].outcomes).toEqual([outcome(line(1, 'a', 2), 0, 'st')]);
    expect(left.get(levelKey('a', 'st'))).toBe(0);
  });

  it('takes nothing from any row when one line of an all-or-nothing hold is short', () => {
    const left = new Map([
      [levelKey('a', 'st'), 5],
      [levelKey('b', 'st'), 1],
    ]);
    const { held, outcomes } = takePinned([line(1, 'a', 2), line(2, 'b', 2)], false, left, noBuffer);
    expect(held).toBe(false);
    expect(outcomes.map((o) => o.shortfall)).toEqual([0, 2]);
    expect([...left.values()]).toEqual([5, 1]);
  });

  it('counts two lines on the same row together, and a partial hold takes what is left', () => {
    const left = new Map([[levelKey('a', 'st'), 3]]);
    const { held, outcomes } = takePinned([line(1, 'a', 2), line(2, 'a', 2)], true, left, noBuffer);
    expect(held).toBe(true);
    expect(outcomes.map((o) => o.held)).toEqual([2, 1]);
    expect(left.get(levelKey('a', 'st'))).toBe(0);
  });

  it('keeps the channel buffer back and treats an unknown row as empty', () => {
    const left = new Map([[levelKey('a', 'st'), 5]]);
    const buffer2 = (units: number) => Math.max(0, units - 2);
    expect(takePinned([line(1, 'a', 4)], false, left, buffer2).held).toBe(false);
    expect(takePinned([line(1, 'a', 3)], false, left, buffer2).held).toBe(true);
    expect(takePinned([line(1, 'zz', 1)], true, left, noBuffer).held).toBe(false);
  });
});

describe('sellableFloor', () => {
  const buffer = (b: number) => (s: number) => Math.max(0, s - b);

  it('is what the takes take plus the buffer held back, for a linear promise', () => {
    expect(
      sellableFloor(
        [
          { units: 1, promise: buffer(0) },
          { units: 1, promise: buffer(0) },
        ],
        1000,
      ),
    ).toBe(2);
    expect(
      sellableFloor(
        [
          { units: 3, promise: buffer(5) },
          { units: 2, promise: buffer(5) },
        ],
        1000,
      ),
    ).toBe(10);
  });

  it('takes the strictest take when channels hold back different buffers', () => {
    // Web (buffer 10) takes 2 after POS (no buffer) took 5: web needs 5 + 2 + 10 sellable.
    expect(
      sellableFloor(
        [
          { units: 5, promise: buffer(0) },
          { units: 2, promise: buffer(10) },
        ],
        100,
      ),
    ).toBe(17);
    // A big early take can be the binding one.
    expect(
      sellableFloor(
        [
          { units: 50, promise: buffer(0) },
          { units: 1, promise: buffer(0) },
        ],
        100,
      ),
    ).toBe(51);
  });

  it('never asks more than the snapshot the takes were decided on, and nothing for no takes', () => {
    expect(sellableFloor([{ units: 10, promise: buffer(0) }], 10)).toBe(10);
    expect(sellableFloor([], 10)).toBe(0);
  });

  it('asks for the whole snapshot when a take could not have been covered by it', () => {
    expect(sellableFloor([{ units: 10, promise: buffer(5) }], 12)).toBe(12);
  });

  it('works for any non-decreasing promise, not only a linear one', () => {
    const halves = (s: number) => Math.floor(s / 2);
    expect(sellableFloor([{ units: 3, promise: halves }], 100)).toBe(6);
    expect(
      sellableFloor(
        [
          { units: 3, promise: halves },
          { units: 3, promise: halves },
        ],
        100,
      ),
    ).toBe(9);
  });
});
