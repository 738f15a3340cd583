import { readClaims } from './session';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (payload: object) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.signature`;
const inAnHour = Math.floor(Date.now() / 1000) + 3600;

describe('reading who a pasted token says you are', () => {
  it('reads a store token: role, channel, locations, subject and expiry', () => {
    expect(
      readClaims(
        token({
          role: 'store',
          channel: 'pos',
          locations: ['s-001', 's-002'],
          sub: 'store:s-001,s-002',
          exp: inAnHour,
        }),
      ),
    ).toEqual({
      ok: true,
      claims: {
        role: 'store',
        channel: 'pos',
        locations: ['s-001', 's-002'],
        subject: 'store:s-001,s-002',
        expiresAt: inAnHour * 1000,
      },
    });
  });

  it.each([
    ['not a JWT', 'abc', 'three parts'],
    ['an unreadable payload', 'a.!!!.c', 'cannot be read'],
    ["a shop's token", token({ role: 'channel', channel: 'web', locations: [] }), "shop's token"],
    ['a store token naming no store', token({ role: 'store', locations: [] }), 'names no store'],
    ['an expired token', token({ role: 'admin', locations: [], exp: 1 }), 'expired'],
  ])('refuses %s, saying why', (_what, value, reason) => {
    const read = readClaims(value);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toContain(reason);
  });
});
