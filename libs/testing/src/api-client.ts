import type { Principal } from '@omni/platform';
import { assertDeclaredAnswer } from './openapi-response-checker';
import type { RunningService } from './test-service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export type Caller = Omit<Principal, 'sub'> & { sub?: string };

export const ADMIN: Caller = { sub: 'admin', role: 'admin', locations: [] };
export const channelClient = (channel: NonNullable<Principal['channel']>): Caller => ({
  sub: `${channel}-client`,
  role: 'channel',
  channel,
  locations: [],
});
export const WEB = channelClient('web');
export const storeStaff = (locationId: string): Caller => ({
  sub: `staff-${locationId}`,
  role: 'store',
  channel: 'pos',
  locations: [locationId],
});

/**
 * A service's HTTP API as one caller sees it: a signed token on every request, JSON in and out. Every
 * answer is held to the service's OpenAPI document (status, media type, schema; OPENAPI_RESPONSE_CHECK=off
 * turns it off), so a journey that gets an undeclared answer fails.
 */
export function apiClient(svc: RunningService, caller: Caller) {
  const token = svc.token(caller);
  const call = async <T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> => {
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const reply = { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    await assertDeclaredAnswer(svc.url, {
      method,
      target: path,
      status: reply.status,
      contentType: res.headers.get('content-type'),
      body: reply.body,
    });
    return reply;
  };
  return {
    /** The bearer token itself, for requests made outside this client (e.g. opening an event stream). */
    token,
    get: <T = Json>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    put: <T = Json>(path: string, body: unknown, headers?: Record<string, string>) =>
      call<T>('PUT', path, body, headers),
    post: <T = Json>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    delete: <T = Json>(path: string, headers?: Record<string, string>) => call<T>('DELETE', path, undefined, headers),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
