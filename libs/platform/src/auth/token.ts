import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Channel } from '@omni/contracts';
import { principalFromClaims, type Principal, type Role } from './principal';

const ALGORITHM = 'HS256';

export interface TokenClaims {
  sub?: string;
  role: Role;
  channel?: Channel;
  locations?: string[];
}

/** Signs a token the AuthGuard accepts; for tests and the `npm run token` CLI. */
export function mintToken(
  claims: TokenClaims,
  secret: string,
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
): string {
  const { sub = defaultSubject(claims), role, channel, locations = [] } = claims;
  return jwt.sign({ role, ...(channel ? { channel } : {}), locations }, secret, {
    algorithm: ALGORITHM,
    subject: sub,
    expiresIn,
  });
}

export type TokenVerification = { ok: true; principal: Principal } | { ok: false; reason: string };

/** Verifies signature, algorithm and expiry, then the claims' shape. Never throws. */
export function verifyToken(token: string, secret: string): TokenVerification {
  let payload: string | jwt.JwtPayload;
  try {
    // Pinning the algorithm keeps `alg: none` and algorithm-confusion tokens out.
    payload = jwt.verify(token, secretKey(secret), { algorithms: [ALGORITHM] });
  } catch (error) {
    return {
      ok: false,
      reason: error instanceof jwt.TokenExpiredError ? 'the bearer token has expired' : 'the bearer token is invalid',
    };
  }
  const principal = typeof payload === 'object' ? principalFromClaims(payload) : undefined;
  return principal
    ? { ok: true, principal }
    : { ok: false, reason: 'the bearer token has missing or malformed claims' };
}

// Verified tokens, briefly: the same few bearer tokens arrive thousands of times a second, and an
// HMAC check plus JSON parse per request is a visible share of a fast read. An entry is kept at most
// VERIFIED_TTL_MS and never past the token's own exp, keyed by secret and token, so a cached answer
// is exactly what a fresh verify would say until then. Only successes are cached.
const VERIFIED_TTL_MS = 30_000;
const MAX_VERIFIED = 10_000;
const verified = new Map<string, { principal: Principal; until: number }>();

/** verifyToken with a short cache of successes; the guard's path. Callers must not mutate the principal. */
export function verifyTokenCached(token: string, secret: string, now = Date.now()): TokenVerification {
  const key = `${secret}\u0000${token}`;
  const hit = verified.get(key);
  if (hit && now < hit.until) return { ok: true, principal: hit.principal };
  if (hit) verified.delete(key);
  const result = verifyToken(token, secret);
  if (result.ok) {
    const exp = (jwt.decode(token) as jwt.JwtPayload | null)?.exp;
    const until = Math.min(now + VERIFIED_TTL_MS, typeof exp === 'number' ? exp * 1000 : now);
    if (until > now) {
      if (verified.size >= MAX_VERIFIED) verified.clear();
      // Shared by every request presenting this token until it expires from here: frozen, so none can alter another's.
      Object.freeze(result.principal.locations);
      verified.set(key, { principal: Object.freeze(result.principal), until });
    }
  }
  return result;
}

// Given a string, jsonwebtoken first tries to parse it as a PEM public key and catches the throw, on
// every verify: about a quarter of an authenticated request's CPU. A KeyObject skips that.
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret));
    secretKeys.set(secret, key);
  }
  return key;
}

/**
 * A subject of its own for each principal when none is given: `store:s-001,s-002` (sorted locations),
 * `channel:web`, `admin`. Ownership never rests on the subject alone (principalKey), but logs and
 * audit lines name who acted by it, so two stores must not share one.
 */
export function defaultSubject({ role, channel, locations = [] }: TokenClaims): string {
  if (role === 'store') return `store:${[...new Set(locations)].sort().join(',')}`;
  if (role === 'channel') return `channel:${channel ?? 'none'}`;
  return role;
}
