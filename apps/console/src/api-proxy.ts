import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const SERVICE_NAMES = ['inventory', 'orders', 'fulfilment', 'returns'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type ServiceUrls = Record<ServiceName, string>;

// RFC 9110 7.6.1: these describe one connection, never the message; the proxy's own connections set theirs.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
// The console's own cookies (none today) are never the services' business, nor is the browser's Host.
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'cookie']);

function forwardable(headers: IncomingHttpHeaders, drop: ReadonlySet<string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !drop.has(name)) out[name] = value;
  return out;
}

function problem(reply: FastifyReply, status: number, title: string, detail: string): void {
  reply.raw.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  reply.raw.end(
    JSON.stringify({
      type: status === 404 ? 'urn:omni:problem:not-found' : 'urn:omni:problem:retryable',
      title,
      status,
      detail,
    }),
  );
}

/**
 * `/api/<service>/v1/...` to that service's `/v1/...`, bytes in both directions as they come: request
 * bodies are never parsed here, and a Server-Sent Events answer streams through chunk by chunk. When
 * the browser goes away the upstream request is ended too, so an abandoned event stream frees its
 * slot (SSE_MAX_STREAMS_PER_PRINCIPAL) at once. Only the public API (`/v1/`) is reachable this way.
 */
export async function apiProxy(app: FastifyInstance, services: ServiceUrls): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req: FastifyRequest, payload: Readable, done: (err: null, body: Readable) => void) =>
    done(null, payload),
  );

  app.all('/api/:service/*', (req: FastifyRequest<{ Params: { service: string } }>, reply: FastifyReply) => {
    const { service } = req.params;
    const base = (services as Record<string, string | undefined>)[service];
    const rest = req.url.slice(`/api/${service}`.length);
    reply.hijack();
    // Checked once resolved: URL parsing turns `/v1/%2e%2e/metrics` into `/metrics`.
    const target = base ? new URL(rest, base) : null;
    if (!target || !target.pathname.startsWith('/v1/'))
      return problem(reply, 404, 'Not Found', `no API at ${req.url.split('?')[0]}`);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, {
      method: req.method,
      headers: { ...forwardable(req.headers, NOT_FORWARDED), host: target.host },
    });
    upstream.on('response', (res: IncomingMessage) => {
      reply.raw.writeHead(res.statusCode ?? 502, forwardable(res.headers, HOP_BY_HOP));
      // An event stream must reach the browser as each event is written, not when a buffer fills.
      reply.raw.flushHeaders();
      res.pipe(reply.raw);
    });
    upstream.on('error', (error: Error) => {
      if (!reply.raw.headersSent)
        problem(reply, 502, 'Bad Gateway', `the ${service} service is not answering (${error.message})`);
      else reply.raw.destroy();
    });
    reply.raw.on('close', () => upstream.destroy());
    const body = req.body as Readable | undefined;
    if (body && typeof body.pipe === 'function') body.pipe(upstream);
    else upstream.end();
  });
}
