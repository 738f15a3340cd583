import { skuFacts, skusOf } from './skus.rules';

describe('which SKUs the network knows', () => {
  it('names each line by its field and says whether its SKU is known', () => {
    expect(skuFacts(['A', 'B', 'A'], new Set(['A']))).toEqual([
      { field: 'lines.0.sku', sku: 'A', known: true },
      { field: 'lines.1.sku', sku: 'B', known: false },
      { field: 'lines.2.sku', sku: 'A', known: true },
    ]);
  });

  it('learns one SKU per distinct SKU from stock levels at any location and from the lines of holds', () => {
    const levels = [{ sku: 'B' }, { sku: 'A' }, { sku: 'B' }];
    const holds = [{ lines: [{ sku: 'C' }, { sku: 'A' }] }, { lines: [] }];
    expect(skusOf(levels, holds)).toEqual(['A', 'B', 'C']);
    expect(skusOf([], [])).toEqual([]);
  });
});
