import { bearerToken } from './auth.guard';
import {
  customerHistoryAccess,
  mayActOnHold,
  mayActOnOrder,
  mayActOnTask,
  mayActOnWebhookSubscription,
  mayCancelReturn,
  mayInspectReturn,
  mayReadPickupCode,
  mayReadReturn,
  mayReceiveReturn,
  mayStartReturnOf,
  orderTasksScope,
  principalKey,
  type ReturnAccessFacts,
} from './ownership';
import type { Principal } from './principal';

const admin: Principal = { sub: 'admin', role: 'admin', locations: [] };
const web: Principal = { sub: 'channel:web', role: 'channel', channel: 'web', locations: [] };
const market: Principal = { sub: 'channel:marketplace', role: 'channel', channel: 'marketplace', locations: [] };
const storeA: Principal = { sub: 'store:pos', role: 'store', channel: 'pos', locations: ['s-a'] };
const storeB: Principal = { sub: 'store:pos', role: 'store', channel: 'pos', locations: ['s-b'] };

describe('principal identity', () => {
  it('tells apart principals that share a subject', () => {
    expect(principalKey(storeA)).not.toBe(principalKey(storeB));
    expect(principalKey({ ...web, role: 'store' })).not.toBe(principalKey(web));
    expect(principalKey({ ...web, channel: 'app' })).not.toBe(principalKey(web));
  });

  it('does not depend on the order of locations, and cannot be forged by separators in a part', () => {
    expect(principalKey({ ...storeA, locations: ['s-2', 's-1'] })).toBe(
      principalKey({ ...storeA, locations: ['s-1', 's-2'] }),
    );
    expect(principalKey({ ...storeA, locations: ['s-1,s-2'] })).not.toBe(
      principalKey({ ...storeA, locations: ['s-1', 's-2'] }),
    );
    expect(principalKey({ ...storeA, sub: 'a/b' })).not.toBe(
      principalKey({ ...storeA, locations: ['s-a/a'], sub: 'b' }),
    );
  });
});

describe('holds', () => {
  it('belong to their owner by identity, and to admins', () => {
    const owner = principalKey(storeA);
    expect(mayActOnHold(storeA, owner)).toBe(true);
    expect(mayActOnHold(storeB, owner)).toBe(false);
    expect(mayActOnHold({ ...storeA, sub: 'someone-else' }, owner)).toBe(false);
    expect(mayActOnHold(admin, owner)).toBe(true);
    // A hold from before owner keys (its bare subject) is nobody's but an admin's.
    expect(mayActOnHold(storeA, 'store:pos')).toBe(false);
  });
});

describe('orders and tasks', () => {
  const order = { channel: 'web', locationIds: ['s-a'] };
  it('lets the channel, the involved stores and admins act', () => {
    expect([admin, web, storeA].map((p) => mayActOnOrder(p, order))).toEqual([true, true, true]);
    expect([market, storeB].map((p) => mayActOnOrder(p, order))).toEqual([false, false]);
  });

  it('ties a task to its location', () => {
    expect(mayActOnTask(storeA, { locationId: 's-a' })).toBe(true);
    expect(mayActOnTask(storeB, { locationId: 's-a' })).toBe(false);
    expect(mayActOnTask(web, { locationId: 's-a' })).toBe(false);
    expect(mayActOnTask(admin, { locationId: 's-a' })).toBe(true);
  });

  it("shows an order's tasks: all to admins and the order's channel, a store only its own locations', another channel none", () => {
    expect(orderTasksScope(admin, 'web')).toEqual({ all: true });
    expect(orderTasksScope(web, 'web')).toEqual({ all: true });
    expect(orderTasksScope(market, 'web')).toBeNull();
    expect(orderTasksScope(storeA, 'web')).toEqual({ locationIds: ['s-a'] });
    expect(orderTasksScope({ ...storeA, locations: [] }, 'pos')).toBeNull();
  });
});

describe('returns', () => {
  const byWeb: ReturnAccessFacts = {
    orderChannel: 'web',
    startedByChannel: 'web',
    returnLocationId: 's-a',
    receivedLocationId: null,
  };
  const walkInAtB: ReturnAccessFacts = {
    orderChannel: 'web',
    startedByChannel: 'pos',
    returnLocationId: 's-b',
    receivedLocationId: 's-b',
  };

  it('may be started by a channel only for its own orders, by a store or admin for any', () => {
    expect(mayStartReturnOf(web, 'web')).toBe(true);
    expect(mayStartReturnOf(market, 'web')).toBe(false);
    expect(mayStartReturnOf(storeB, 'web')).toBe(true);
    expect(mayStartReturnOf(admin, 'marketplace')).toBe(true);
  });

  it('are read by the order channel, the stores they come back to, and admins', () => {
    expect([admin, web, storeA].map((p) => mayReadReturn(p, byWeb))).toEqual([true, true, true]);
    expect([market, storeB].map((p) => mayReadReturn(p, byWeb))).toEqual([false, false]);
    expect([web, storeB, storeA].map((p) => mayReadReturn(p, walkInAtB))).toEqual([true, true, false]);
  });

  it('are cancelled by the channel that started them, the store they come back to, or an admin', () => {
    expect([admin, web, storeA].map((p) => mayCancelReturn(p, byWeb))).toEqual([true, true, true]);
    expect([market, storeB].map((p) => mayCancelReturn(p, byWeb))).toEqual([false, false]);
    // The web channel sees a walk-in of its order but did not start it.
    expect(mayCancelReturn(web, walkInAtB)).toBe(false);
  });

  it('are received only where they were to come back, and inspected where they were received', () => {
    expect(mayReceiveReturn(storeA, byWeb, 's-a')).toBe(true);
    expect(mayReceiveReturn(storeB, byWeb, 's-b')).toBe(false);
    expect(mayReceiveReturn(admin, byWeb, 's-b')).toBe(false);
    expect(mayInspectReturn(storeB, walkInAtB)).toBe(true);
    expect(mayInspectReturn(storeA, walkInAtB)).toBe(false);
    expect(mayInspectReturn(admin, walkInAtB)).toBe(true);
  });
});

describe('pickup codes and webhook subscriptions', () => {
  it("give the pickup code only to the order's own channel client: never a store, another channel or an admin", () => {
    expect(mayReadPickupCode(web, { channel: 'web' })).toBe(true);
    expect(mayReadPickupCode({ ...web, sub: 'another-web-backend' }, { channel: 'web' })).toBe(true);
    expect(mayReadPickupCode(market, { channel: 'web' })).toBe(false);
    expect(mayReadPickupCode(admin, { channel: 'web' })).toBe(false);
    expect(mayReadPickupCode({ ...storeA, channel: 'web' }, { channel: 'web' })).toBe(false);
    expect(mayReadPickupCode({ sub: 'no-channel', role: 'channel', locations: [] }, { channel: 'web' })).toBe(false);
  });

  it("let a channel's clients and admins act on the channel's subscriptions, nobody else", () => {
    expect(mayActOnWebhookSubscription(web, { channel: 'web' })).toBe(true);
    expect(mayActOnWebhookSubscription(admin, { channel: 'web' })).toBe(true);
    expect(mayActOnWebhookSubscription(market, { channel: 'web' })).toBe(false);
    expect(mayActOnWebhookSubscription({ ...storeA, channel: 'web' }, { channel: 'web' })).toBe(false);
  });
});

describe('customer history', () => {
  it('is a channel’s to read only for its own customers, any store’s (audited), any admin’s', () => {
    expect(customerHistoryAccess(web, ['pos', 'web'])).toBe('allowed');
    expect(customerHistoryAccess(web, ['pos'])).toBe('denied');
    expect(customerHistoryAccess(web, [])).toBe('denied');
    expect(customerHistoryAccess(storeB, [])).toBe('audited');
    expect(customerHistoryAccess(admin, [])).toBe('allowed');
  });
});

describe('the Authorization header', () => {
  it('takes exactly "Bearer <token>"', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
  });

  const malformed = [
    'Bearer a.b.c junk',
    'Bearer  a.b.c',
    'Bearer',
    'Bearer ',
    ' Bearer a.b.c',
    'Bearer\ta.b.c',
    'Bearer a.b.c,Bearer d.e.f',
    'Basic a.b.c',
    '',
  ];
  it.each(malformed)('refuses %j', (header) => expect(bearerToken(header)).toBeUndefined());
});
