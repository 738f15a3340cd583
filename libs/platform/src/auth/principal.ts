import { CHANNELS, type Channel } from '@omni/contracts';

export const ROLES = ['admin', 'channel', 'store'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by the bearer token. */
export interface Principal {
  sub: string;
  role: Role;
  channel?: Channel;
  /** Locations the principal may act on; what it means depends on the role (see assertLocationAccess). */
  locations: string[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** Reads a principal from verified token claims; undefined when a claim is missing or malformed. */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const { sub, role, channel, locations = [] } = claims;
  if (typeof sub !== 'string' || sub === '' || !isRole(role)) return undefined;
  if (channel !== undefined && !isChannel(channel)) return undefined;
  if (!Array.isArray(locations) || !locations.every((id): id is string => typeof id === 'string' && id !== ''))
    return undefined;
  return { sub, role, ...(channel === undefined ? {} : { channel }), locations };
}
