import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

// The API answers JSON: nothing in an answer may load anything, nor be framed (clickjacking).
const apiHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
});

// The Swagger UI at /docs: its scripts and stylesheet come from /docs itself; it has inline <style>
// blocks and React style attributes, draws its icons from data: URIs, and "Try it out" calls the API.
const docsHeaders = helmet({
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

const isDocs = (url: string): boolean => url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?') || url.startsWith('/docs-json');

/**
 * helmet's headers on every answer (nosniff, HSTS, no framing, a CSP, no referrer...), with a CSP that
 * lets the Swagger UI run on /docs only. Every answer is also `Cache-Control: no-store`: nearly all are
 * authenticated (or problems about a request), live figures no cache may keep or hand to someone else.
 * The Swagger UI's static files set their own caching over it.
 */
export const securityHeaders: Middleware = (req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  (isDocs(req.url ?? '') ? docsHeaders : apiHeaders)(req, res, next);
};
