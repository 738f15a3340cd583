import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

// The API answers JSON: nothing in an answer may load anything, nor be framed (clickjacking).
const apiHelmet = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
});

// The Swagger UI at /docs: its scripts and stylesheet come from /docs itself; it has inline <style>
// blocks and React style attributes, draws its icons from data: URIs, and "Try it out" calls the API.
const docsHelmet = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
});

type Headers = ReadonlyArray<readonly [string, string]>;

/**
 * The headers a helmet configuration sets, read once: they depend on nothing in the request, so
 * each answer gets the same list instead of helmet's dozen middlewares run per request.
 */
function headersOf(middleware: ReturnType<typeof helmet>): Headers {
  const headers: Array<[string, string]> = [['Cache-Control', 'no-store']];
  const recorder = {
    setHeader: (name: string, value: string | number) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

const API_HEADERS = headersOf(apiHelmet);
const DOCS_HEADERS = headersOf(docsHelmet);

const isDocs = (url: string): boolean =>
  url === '/docs' ||
  url.startsWith('/docs/') ||
  url.startsWith('/docs?') ||
  url.startsWith('/docs-json') ||
  url.startsWith('/docs-yaml');

/** The security headers for an answer to `url`, on the raw response (so an event stream carries them too). */
export function setSecurityHeaders(url: string, res: ServerResponse): void {
  for (const [name, value] of isDocs(url) ? DOCS_HEADERS : API_HEADERS) res.setHeader(name, value);
}

/**
 * onRequest hook: helmet's headers on every answer (nosniff, HSTS, no framing, a CSP, no referrer...),
 * with a CSP that lets the Swagger UI run on /docs only. Every answer is also `Cache-Control: no-store`:
 * nearly all are authenticated (or problems about a request), live figures no cache may keep or hand
 * to someone else. The Swagger UI's static files set their own caching over it.
 */
export function securityHeaders(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  setSecurityHeaders(request.url, reply.raw);
  done();
}
