// Who is signed in: the bearer token and what it says (role, channel, locations), plus the store the
// associate works at now. The console never verifies the token (the services do); it only reads its claims
// to show who you are. Kept in sessionStorage: a reload keeps you signed in, closing the tab signs you out.
import type { Role } from './api/types';

export interface Session {
  token: string;
  role: Role;
  channel?: string;
  locations: string[];
  subject: string;
  /** The store this screen works for: one of the token's locations (any store for an admin). */
  storeId: string;
  expiresAt: number | null;
}

const KEY = 'omni.console.session';

export type Claims = Pick<Session, 'role' | 'channel' | 'locations' | 'subject' | 'expiresAt'>;

/** The claims of a JWT, or why they cannot be used here. */
export function readClaims(token: string): { ok: true; claims: Claims } | { ok: false; reason: string } {
  const parts = token.trim().split('.');
  if (parts.length !== 3)
    return { ok: false, reason: 'This is not a sign-in token (it should be three parts separated by dots).' };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1])) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'This token cannot be read. Copy it again, whole.' };
  }
  const role = payload.role;
  if (role !== 'store' && role !== 'admin' && role !== 'channel')
    return { ok: false, reason: 'This token does not say which role you have.' };
  if (role === 'channel')
    return { ok: false, reason: "This is a shop's token, not a staff member's. Use a store or admin token." };
  const locations = Array.isArray(payload.locations)
    ? payload.locations.filter((l): l is string => typeof l === 'string')
    : [];
  if (role === 'store' && !locations.length) return { ok: false, reason: 'This store token names no store.' };
  const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  if (exp !== null && exp <= Date.now()) return { ok: false, reason: 'This token has expired. Get a new one.' };
  return {
    ok: true,
    claims: {
      role,
      channel: typeof payload.channel === 'string' ? payload.channel : undefined,
      locations,
      subject: String(payload.sub ?? ''),
      expiresAt: exp,
    },
  };
}

function decodeBase64Url(s: string): string {
  const b64 = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt !== null && session.expiresAt <= Date.now() ? null : session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** A token handed over by an identity provider's redirect (`#token=...`), taken out of the address bar at once. */
export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return decodeURIComponent(match[1]);
}
