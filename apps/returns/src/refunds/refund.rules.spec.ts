import { decideRefund, lineRefund } from './refund.rules';

describe('refund of a return', () => {
  it('refunds the price paid for the units that came back', () => {
    expect(lineRefund({ orderLineId: 'L1', unitPriceMinor: 2599, qty: 2, feeBps: 0 })).toEqual({
      orderLineId: 'L1',
      qty: 2,
      grossMinor: 5198,
      feeMinor: 0,
      amountMinor: 5198,
    });
  });

  it('deducts the restocking fee, rounded down in the customer’s favour', () => {
    // 10% of 5198 is 519.8: the fee is 519, the refund 4679.
    expect(lineRefund({ orderLineId: 'L1', unitPriceMinor: 2599, qty: 2, feeBps: 1000 })).toMatchObject({
      feeMinor: 519,
      amountMinor: 4679,
    });
  });

  it('refuses a fee rate outside 0..100%', () => {
    expect(() => lineRefund({ orderLineId: 'L1', unitPriceMinor: 100, qty: 1, feeBps: 10001 })).toThrow(RangeError);
  });

  it('totals the lines and leaves out lines that brought nothing back', () => {
    const refund = decideRefund([
      { orderLineId: 'L1', unitPriceMinor: 1000, qty: 1, feeBps: 500 },
      { orderLineId: 'L2', unitPriceMinor: 300, qty: 2, feeBps: 0 },
      { orderLineId: 'L3', unitPriceMinor: 999, qty: 0, feeBps: 0 },
    ]);
    expect(refund.lines.map((l) => l.orderLineId)).toEqual(['L1', 'L2']);
    expect(refund.totalMinor).toBe(950 + 600);
  });
});
