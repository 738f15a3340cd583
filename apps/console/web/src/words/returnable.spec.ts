import type { ReturnableLine } from '../api/types';
import { returnableWords } from './returnable';

const line = (overrides: Partial<ReturnableLine> = {}): ReturnableLine => ({
  orderLineId: 'l-1',
  lineNo: 1,
  sku: 'BOOTS-1',
  qty: 1,
  fulfilledQty: 1,
  returnedQty: 0,
  returnableQty: 1,
  unitPriceMinor: 12900,
  currency: 'EUR',
  windowClosesAt: '2026-04-04T12:00:00.000Z',
  returnable: true,
  notReturnable: null,
  ...overrides,
});
const refused = (reason: NonNullable<ReturnableLine['notReturnable']>['reason'], extra: Partial<ReturnableLine> = {}) =>
  line({ returnableQty: 0, returnable: false, notReturnable: { reason, detail: 'the policy says' }, ...extra });

describe('what the returns desk says of a line', () => {
  it('gives the last day of the window of a line that can come back', () => {
    expect(returnableWords(line())).toBe('Returnable until 4 Apr 2026');
  });

  it.each([
    ['sku-not-returnable', /returns policy excludes this item/],
    ['cancelled', /never had it/],
    ['all-returned', /Already returned/],
    ['window-closed', /closed on 4 Apr 2026/],
  ] as const)('says why nothing of it can come back: %s', (reason, words) => {
    expect(returnableWords(refused(reason))).toMatch(words);
  });

  it('says a line not collected or delivered yet has nothing to take back', () => {
    expect(returnableWords(refused('not-handed-over', { fulfilledQty: 0, windowClosesAt: null }))).toBe(
      'Not collected or delivered yet: nothing to take back.',
    );
  });
});
