import type { Principal } from '@omni/platform';
import { initialLocationIds, mayPlaceFor, mayView, planCancel, totalsByCurrency } from './orders.rules';

const web: Principal = { sub: 'web-app', role: 'channel', channel: 'web', locations: [] };
const store: Principal = { sub: 'till-1', role: 'store', channel: 'pos', locations: ['s-1'] };
const admin: Principal = { sub: 'ops', role: 'admin', locations: [] };

describe('who may place an order for which channel', () => {
  it('holds a channel client to its own channel', () => {
    expect(mayPlaceFor(web, 'web')).toBe(true);
    expect(mayPlaceFor(web, 'app')).toBe(false);
    expect(mayPlaceFor({ ...web, channel: undefined }, 'web')).toBe(false);
  });

  it('lets a store place POS orders and an admin any channel', () => {
    expect(mayPlaceFor(store, 'pos')).toBe(true);
    expect(mayPlaceFor(store, 'web')).toBe(false);
    expect(mayPlaceFor({ ...store, channel: undefined }, 'pos')).toBe(true);
    expect(mayPlaceFor(admin, 'callcenter')).toBe(true);
  });
});

describe('who sees an order', () => {
  const order = { channel: 'web' as const, locationIds: ['s-2'] };

  it('shows admins everything and channel clients their channel only', () => {
    expect(mayView(admin, order)).toBe(true);
    expect(mayView(web, order)).toBe(true);
    expect(mayView({ ...web, channel: 'app' }, order)).toBe(false);
  });

  it('shows store staff only orders touching one of their locations', () => {
    expect(mayView(store, order)).toBe(false);
    expect(mayView({ ...store, locations: ['s-1', 's-2'] }, order)).toBe(true);
  });

  it('lists the pickup, assisting and selling stores once each', () => {
    expect(
      initialLocationIds({ pickupLocationIds: ['s-2', 's-2'], assistedByLocationId: 's-1', sellingLocationId: 's-1' }),
    ).toEqual(['s-2', 's-1']);
    expect(initialLocationIds({ pickupLocationIds: [] })).toEqual([]);
  });
});

describe('cancel plan', () => {
  const lines = [
    { id: 'a', status: 'allocated' as const, cancellation: null },
    { id: 'b', status: 'ready_for_pickup' as const, cancellation: 'refused' as const },
    { id: 'c', status: 'cancelled' as const, cancellation: null },
    { id: 'd', status: 'shipped' as const, cancellation: null },
    { id: 'e', status: 'in_fulfilment' as const, cancellation: 'requested' as const },
    { id: 'p', status: 'pending' as const, cancellation: null },
  ];

  it('cancels a pending line now and asks fulfilment about a placed one, again after a refusal', () => {
    expect(planCancel(lines, ['a', 'b', 'p'])).toEqual({ now: ['p'], request: ['a', 'b'], tooLate: [], unknown: [] });
  });

  it('does not ask twice about a line whose cancel fulfilment is still deciding', () => {
    expect(planCancel(lines, ['e'])).toEqual({ now: [], request: [], tooLate: [], unknown: [] });
  });

  it('is too late for a line that was shipped or handed over', () => {
    expect(planCancel(lines).tooLate).toEqual([{ lineId: 'd', status: 'shipped' }]);
    expect(planCancel(lines, ['d'])).toMatchObject({ now: [], request: [] });
  });

  it('skips lines already closed and names ids that are not on the order', () => {
    expect(planCancel(lines, ['c', 'zz'])).toEqual({ now: [], request: [], tooLate: [], unknown: ['zz'] });
  });
});

describe('money and paging', () => {
  it('totals per currency in minor units', () => {
    expect(
      totalsByCurrency([
        { qty: 2, unitPriceMinor: 1999, currency: 'EUR' },
        { qty: 1, unitPriceMinor: 500, currency: 'GBP' },
        { qty: 3, unitPriceMinor: 1, currency: 'EUR' },
      ]),
    ).toEqual([
      { currency: 'EUR', amountMinor: 4001 },
      { currency: 'GBP', amountMinor: 500 },
    ]);
  });
});
