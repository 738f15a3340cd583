import type { AllocationRejectedV1 } from '@omni/contracts';
import { allocationsToMove, decideCancel, GOODS_LEFT, movesAfterRejection, partitionByAttempts } from './saga.rules';

const rejected = (reason: AllocationRejectedV1['reason']): AllocationRejectedV1 => ({
  orderId: 'o-1',
  requestId: 'r-1',
  reason,
  lines: [
    { orderLineId: 'a', sku: 'S1', locationId: 'store-1', requested: 2, available: 1, shortfall: 1 },
    { orderLineId: 'b', sku: 'S2', locationId: 'dc-1', requested: 1, available: 1, shortfall: 0 },
  ],
});

describe('allocation saga rules', () => {
  it('excludes only the location a line was short at, and sources the others again as they were', () => {
    expect(movesAfterRejection(rejected('insufficient-stock'))).toEqual([
      { orderLineId: 'a', excludeLocationId: 'store-1' },
      { orderLineId: 'b', excludeLocationId: null },
    ]);
  });

  it('excludes every location of a request naming an unknown one', () => {
    expect(movesAfterRejection(rejected('unknown-location')).map((m) => m.excludeLocationId)).toEqual([
      'store-1',
      'dc-1',
    ]);
  });

  it('moves the newest allocations until a discrepancy is covered, no more', () => {
    const newestFirst = [
      { orderId: 'o-3', orderLineId: 'l', qty: 1 },
      { orderId: 'o-2', orderLineId: 'l', qty: 2 },
      { orderId: 'o-1', orderLineId: 'l', qty: 5 },
    ];
    expect(allocationsToMove(newestFirst, 2).map((a) => a.orderId)).toEqual(['o-3', 'o-2']);
    expect(allocationsToMove(newestFirst, 1).map((a) => a.orderId)).toEqual(['o-3']);
  });

  it('gives up on lines that have had their rounds', () => {
    expect(partitionByAttempts([{ attempts: 0 }, { attempts: 3 }], 3)).toEqual({
      live: [{ attempts: 0 }],
      spent: [{ attempts: 3 }],
    });
  });

  it('refuses a cancel only for lines whose goods left, and cancels the rest, known or not', () => {
    const states = new Map([
      ['shipped', 'fulfilled'],
      ['picking', 'allocated'],
      ['asked', 'requested'],
      ['again', 'cancelled'],
      ['gave-up', 'unfulfillable'],
    ] as const);
    expect(decideCancel(['shipped', 'picking', 'asked', 'again', 'gave-up', 'never-heard-of'], states)).toEqual({
      cancelled: ['picking', 'asked', 'again', 'gave-up', 'never-heard-of'],
      refused: [{ orderLineId: 'shipped', reason: GOODS_LEFT }],
    });
  });
});
