import { holdSucceeds, outcome, rankCandidates, takingOrder, type Candidate } from './holds.rules';

const c = (locationId: string, type: Candidate['type'], available: number, own = false): Candidate => ({ locationId, type, available, own });

describe('rankCandidates', () => {
  it('tries locations that can serve the whole line before those that cannot', () => {
    expect(rankCandidates([c('dc', 'dc', 1), c('st', 'store', 5)], 3).map((x) => x.locationId)).toEqual(['st', 'dc']);
  });

  it('prefers the caller own store, then DCs over warehouses over stores', () => {
    const ranked = rankCandidates([c('st', 'store', 9), c('wh', 'warehouse', 9), c('dc', 'dc', 9), c('mine', 'store', 3, true)], 2);
    expect(ranked.map((x) => x.locationId)).toEqual(['mine', 'dc', 'wh', 'st']);
  });

  it('breaks ties by more stock, then by id, so replicas agree', () => {
    expect(rankCandidates([c('b', 'dc', 5), c('a', 'dc', 5), c('z', 'dc', 8)], 1).map((x) => x.locationId)).toEqual(['z', 'a', 'b']);
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
