import { HttpStatus } from '@nestjs/common';
import { OrderPlaced, StockHeld, type OrderPlacedV1, type StockHeldV1 } from '@omni/contracts';
import { assertPublishable, EventContractViolation } from './publishable';

const ADDRESS = { line1: '2 Low Rd', city: 'York', postalCode: 'YO1 7HH', country: 'GB' };
const placed = (address: unknown): OrderPlacedV1 =>
  ({
    orderId: 'o-1',
    channel: 'web',
    customer: { id: 'c-1' },
    lines: [
      {
        orderLineId: 'l-1',
        lineNo: 1,
        sku: 'SKU-1',
        qty: 1,
        unitPriceMinor: 100,
        currency: 'EUR',
        delivery: { type: 'ship', address },
      },
    ],
    placedAt: new Date().toISOString(),
  }) as OrderPlacedV1;

const violation = (run: () => void): EventContractViolation => {
  try {
    run();
  } catch (error) {
    if (error instanceof EventContractViolation) return error;
    throw error;
  }
  throw new Error('expected an EventContractViolation');
};

describe('assertPublishable', () => {
  it('accepts data that matches its contract', () => {
    expect(() => assertPublishable(OrderPlaced, placed(ADDRESS))).not.toThrow();
  });

  it.each([
    ['an empty array', []],
    ['an array of addresses', [ADDRESS]],
    ['an object keyed like an array (what spreading an array makes)', { 0: ADDRESS }],
    ['a string', '2 Low Rd'],
  ])('refuses a delivery address that is %s, as a 422 problem naming the event fields', (_what, address) => {
    const error = violation(() => assertPublishable(OrderPlaced, placed(address)));
    expect(error.getStatus()).toBe(HttpStatus.UNPROCESSABLE_ENTITY);
    expect(error.problem).toMatchObject({
      type: 'urn:omni:problem:event-contract-violation',
      eventType: 'orders.order-placed',
    });
    expect(error.violations.map((v) => v.field)).toContainEqual(
      expect.stringMatching(/^data\.lines\.0\.delivery\.address/),
    );
    expect(error.message).toMatch(/orders\.order-placed .*data\.lines\.0\.delivery\.address/);
  });

  it('judges what consumers will read: the JSON the outbox stores, not the object in memory', () => {
    const held = {
      holdId: 'h-1',
      channel: 'web',
      principal: 'p',
      lines: [],
      expiresAt: new Date(),
    } as unknown as StockHeldV1;
    expect(() => assertPublishable(StockHeld, held)).not.toThrow(); // a Date is stored as its ISO string
    const missing = { ...held, expiresAt: undefined } as unknown as StockHeldV1;
    expect(violation(() => assertPublishable(StockHeld, missing)).violations).toEqual([
      { field: 'data.expiresAt', message: 'expiresAt must be a valid ISO 8601 date string' },
    ]);
  });
});
