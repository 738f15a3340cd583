import type { FastifyInstance } from 'fastify';
import jwt from 'jsonwebtoken';
import type { ServiceUrls } from './api-proxy';

// The console's staff are store associates and admins; a channel token is a shop's, not a person's.
const ROLES = ['store', 'admin'] as const;
type StaffRole = (typeof ROLES)[number];
const CHANNELS = ['web', 'app', 'pos', 'callcenter', 'marketplace'] as const;
const LOCATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TOKEN_TTL_S = 12 * 3600;

export interface DevTokenRequest {
  role: StaffRole;
  locations: string[];
  channel?: (typeof CHANNELS)[number];
}

/** The request's shape, or what is wrong with it (as the services' `errors[]` would say it). */
export function readDevTokenRequest(
  body: unknown,
): { ok: true; value: DevTokenRequest } | { ok: false; errors: Array<{ field: string; message: string }> } {
  const errors: Array<{ field: string; message: string }> = [];
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (!ROLES.includes(b.role as StaffRole))
    errors.push({ field: 'role', message: `role must be one of ${ROLES.join(', ')}` });
  const locations = b.locations ?? [];
  if (
    !Array.isArray(locations) ||
    locations.length > 20 ||
    !locations.every((l) => typeof l === 'string' && LOCATION_ID.test(l))
  ) {
    errors.push({ field: 'locations', message: 'locations must be a list of location ids' });
  } else if (b.role === 'store' && locations.length === 0) {
    errors.push({ field: 'locations', message: 'a store token needs at least one location' });
  }
  if (b.channel !== undefined && !CHANNELS.includes(b.channel as DevTokenRequest['channel'] & string)) {
    errors.push({ field: 'channel', message: `channel must be one of ${CHANNELS.join(', ')}` });
  }
  if (errors.length) return { ok: false, errors };
  const channel = (b.channel as DevTokenRequest['channel']) ?? (b.role === 'store' ? 'pos' : undefined);
  return {
    ok: true,
    value: {
      role: b.role as StaffRole,
      locations: [...new Set(locations as string[])],
      ...(channel ? { channel } : {}),
    },
  };
}

/**
 * Signed exactly as `npm run token` and mintToken (libs/platform) sign: HS256 with JWT_SECRET, claims
 * role, channel, locations, and each principal's own default subject (`store:s-001`, `admin`).
 */
export function mintDevToken(request: DevTokenRequest, secret: string): { token: string; expiresAt: string } {
  const subject = request.role === 'store' ? `store:${[...request.locations].sort().join(',')}` : request.role;
  const claims = {
    role: request.role,
    ...(request.channel ? { channel: request.channel } : {}),
    locations: request.locations,
  };
  const token = jwt.sign(claims, secret, { algorithm: 'HS256', subject, expiresIn: TOKEN_TTL_S });
  return { token, expiresAt: new Date(Date.now() + TOKEN_TTL_S * 1000).toISOString() };
}

const badRequest = (errors: Array<{ field: string; message: string }>) => ({
  type: 'urn:omni:problem:invalid-request',
  title: 'Bad Request',
  status: 400,
  detail: 'the sign-in request is not valid',
  errors,
});

/**
 * Development sign-in, registered only when NODE_ENV=development: `POST /dev/token` mints a staff
 * token, `GET /dev/stores` lists the stores to pick from (read from inventory with a token of its own,
 * since nobody signed in has one yet). In production neither route exists; a real identity provider
 * issues the bearer token instead (README "Store console").
 */
export async function devSignIn(
  app: FastifyInstance,
  options: { secret: string; services: ServiceUrls },
): Promise<void> {
  app.post('/dev/token', async (req, reply) => {
    const parsed = readDevTokenRequest(req.body);
    if (!parsed.ok) return reply.code(400).type('application/problem+json').send(badRequest(parsed.errors));
    return reply.header('cache-control', 'no-store').send(mintDevToken(parsed.value, options.secret));
  });

  app.get('/dev/stores', async (_req, reply) => {
    const { token } = mintDevToken({ role: 'admin', locations: [] }, options.secret);
    const res = await fetch(new URL('/v1/locations?type=store', options.services.inventory), {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => null);
    if (!res?.ok) {
      return reply.code(502).type('application/problem+json').send({
        type: 'urn:omni:problem:retryable',
        title: 'Bad Gateway',
        status: 502,
        detail: 'inventory is not answering',
      });
    }
    const stores = (await res.json()) as Array<{
      id: string;
      name: string;
      address?: { city?: string };
      active: boolean;
    }>;
    return reply
      .header('cache-control', 'no-store')
      .send(stores.filter((s) => s.active).map((s) => ({ id: s.id, name: s.name, city: s.address?.city ?? '' })));
  });
}
