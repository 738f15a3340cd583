import { etagOf, matchesNoneOf, MAX_WAIT_S, waitOf } from './order-watch';

describe('conditional reads of an order', () => {
  it('tags equal answers equally and different ones differently', () => {
    expect(etagOf({ id: 'o-1', status: 'placed' })).toBe(etagOf({ id: 'o-1', status: 'placed' }));
    expect(etagOf({ id: 'o-1', status: 'placed' })).not.toBe(etagOf({ id: 'o-1', status: 'allocated' }));
    expect(etagOf({})).toMatch(/^"[\w-]{27}"$/);
  });

  it('matches If-None-Match as RFC 9110 says: a list, weak tags compared weakly, and *', () => {
    const tag = etagOf({ id: 'o-1' });
    expect(matchesNoneOf(undefined, tag)).toBe(false);
    expect(matchesNoneOf('', tag)).toBe(false);
    expect(matchesNoneOf(tag, tag)).toBe(true);
    expect(matchesNoneOf(`W/${tag}`, tag)).toBe(true);
    expect(matchesNoneOf(`"other", ${tag}`, tag)).toBe(true);
    expect(matchesNoneOf('"other"', tag)).toBe(false);
    expect(matchesNoneOf('*', tag)).toBe(true);
  });

  it('reads Prefer: wait in seconds, capped, and ignores what it does not understand', () => {
    expect(waitOf(undefined)).toBe(0);
    expect(waitOf('wait=10')).toBe(10_000);
    expect(waitOf('respond-async, wait=5')).toBe(5_000);
    expect(waitOf('wait="3"')).toBe(3_000);
    expect(waitOf('wait=999999')).toBe(MAX_WAIT_S * 1000);
    expect(waitOf('return=minimal')).toBe(0);
    expect(waitOf('wait=-1')).toBe(0);
    expect(waitOf('nowait=5')).toBe(0);
  });
});
