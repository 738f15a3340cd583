import jwt from 'jsonwebtoken';
import { assertLocationAccess, selectedLocationIds } from './location-access';
import type { Principal } from './principal';
import { mintToken, verifyToken, verifyTokenCached } from './token';

const SECRET = 'unit-test-secret-0123456789';

describe('bearer tokens', () => {
  it('round-trips a principal', () => {
    const token = mintToken({ sub: 'alice', role: 'store', channel: 'pos', locations: ['s-001', 's-002'] }, SECRET);
    expect(verifyToken(token, SECRET)).toEqual({
      ok: true,
      principal: { sub: 'alice', role: 'store', channel: 'pos', locations: ['s-001', 's-002'] },
    });
  });

  it('gives each principal a subject of its own when none is given', () => {
    const subjectOf = (claims: Parameters<typeof mintToken>[0]) => {
      const verified = verifyToken(mintToken(claims, SECRET), SECRET);
      return verified.ok ? verified.principal.sub : undefined;
    };
    expect(subjectOf({ role: 'channel', channel: 'web' })).toBe('channel:web');
    expect(subjectOf({ role: 'store', channel: 'pos', locations: ['s-002', 's-001'] })).toBe('store:s-001,s-002');
    expect(subjectOf({ role: 'store', channel: 'pos', locations: ['s-003'] })).toBe('store:s-003');
    expect(subjectOf({ role: 'admin' })).toBe('admin');
  });

  it('refuses an unsigned (alg: none) token', () => {
    const unsigned = jwt.sign({ role: 'admin', sub: 'mallory' }, '', { algorithm: 'none' });
    expect(verifyToken(unsigned, SECRET)).toEqual({ ok: false, reason: 'the bearer token is invalid' });
  });

  it('refuses a channel outside the known list', () => {
    const token = jwt.sign({ role: 'channel', channel: 'fax', locations: [] }, SECRET, {
      subject: 'x',
      algorithm: 'HS256',
    });
    expect(verifyToken(token, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/claims/) });
  });

  it('refuses locations that are not a list of ids', () => {
    const token = jwt.sign({ role: 'store', locations: 's-001' }, SECRET, { subject: 'x', algorithm: 'HS256' });
    expect(verifyToken(token, SECRET).ok).toBe(false);
  });
});

describe('verified-token cache', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a repeated token from the cache with the same, frozen principal', () => {
    const token = mintToken({ sub: 'cache-1', role: 'channel', channel: 'web' }, SECRET);
    const first = verifyTokenCached(token, SECRET);
    const second = verifyTokenCached(token, SECRET);
    expect(first).toEqual({ ok: true, principal: { sub: 'cache-1', role: 'channel', channel: 'web', locations: [] } });
    expect(second.ok && first.ok && second.principal).toBe(first.ok && first.principal);
    expect(Object.isFrozen(second.ok && second.principal)).toBe(true);
  });

  it('never serves a token past its exp', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const token = mintToken({ sub: 'cache-2', role: 'admin' }, SECRET, '2s');
    expect(verifyTokenCached(token, SECRET).ok).toBe(true);
    jest.setSystemTime(new Date('2026-01-01T00:00:02.000Z'));
    expect(verifyTokenCached(token, SECRET)).toEqual({ ok: false, reason: 'the bearer token has expired' });
  });

  it('keys by secret and caches no failure', () => {
    const token = mintToken({ sub: 'cache-3', role: 'admin' }, SECRET);
    expect(verifyTokenCached(token, SECRET).ok).toBe(true);
    expect(verifyTokenCached(token, 'another-secret-0123456789').ok).toBe(false);
    expect(verifyTokenCached(`${token}x`, SECRET).ok).toBe(false);
    expect(verifyTokenCached(`${token}x`, SECRET).ok).toBe(false);
  });
});

describe('location access', () => {
  const store: Principal = { sub: 'alice', role: 'store', channel: 'pos', locations: ['s-001'] };
  const web: Principal = { sub: 'web', role: 'channel', channel: 'web', locations: [] };

  it('holds store staff to their own locations', () => {
    expect(() => assertLocationAccess(store, 's-001')).not.toThrow();
    expect(() => assertLocationAccess(store, 's-002')).toThrow(/s-002/);
  });

  it('does not tie admins or channel clients to a location', () => {
    expect(() => assertLocationAccess({ ...store, role: 'admin', locations: [] }, 's-002')).not.toThrow();
    expect(() => assertLocationAccess(web, 's-002')).not.toThrow();
  });

  it('reads a selector result of one id, several, or none', () => {
    expect(selectedLocationIds('s-1')).toEqual(['s-1']);
    expect(selectedLocationIds(['s-1', 's-2'])).toEqual(['s-1', 's-2']);
    expect(selectedLocationIds(undefined)).toEqual([]);
  });
});
