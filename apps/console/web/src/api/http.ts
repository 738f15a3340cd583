import type { Problem, ServiceName } from './types';

/** What a call to a service came back with when it was not a success: the service's problem, or no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** True when the service never answered (network down, console server unreachable). */
    readonly unreachable = false,
  ) {
    super(problem.detail ?? problem.title);
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Sent on creating and step POSTs: a retry after a lost answer gets the first answer, not a second effect. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export type Transport = <T>(service: ServiceName, method: string, path: string, options?: RequestOptions) => Promise<T>;

/**
 * Calls a service through the console server (`/api/<service>/v1/...`: same origin, no CORS) with
 * the signed-in bearer token. Every failure becomes an ApiError carrying a problem document.
 */
export function httpTransport(token: () => string | null, base = '/api'): Transport {
  return async <T>(service: ServiceName, method: string, path: string, options: RequestOptions = {}): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let res: Response;
    try {
      res = await fetch(`${base}/${service}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError({ type: 'console:unreachable', title: 'No connection', status: 0, detail: (error as Error).message }, true);
    }
    const text = await res.text();
    const parsed = parseJson(text);
    if (res.ok) return parsed as T;
    if (parsed && typeof parsed === 'object' && typeof (parsed as Problem).type === 'string') throw new ApiError(parsed as Problem);
    // A proxy or gateway page rather than the API's own answer.
    throw new ApiError({ type: res.status >= 500 ? 'console:unreachable' : 'about:blank', title: res.statusText || 'Error', status: res.status }, res.status >= 500);
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fresh Idempotency-Key; crypto.randomUUID needs a secure context, which a tablet on plain http lacks. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
