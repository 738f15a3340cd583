import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

// A client-sent id is echoed into every log line and event, so keep it to a sane token.
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The request's correlation id: the caller's `x-correlation-id` when it is usable, else a new UUID.
 * Memoised per request so the context middleware, pino-http and the error filter agree on it
 * whichever of them asks first.
 */
export function correlationIdOf(req: IncomingMessage): string {
  let id = assigned.get(req);
  if (id === undefined) {
    const sent = req.headers[CORRELATION_HEADER];
    id = typeof sent === 'string' && ACCEPTABLE_CORRELATION_ID.test(sent) ? sent : randomUUID();
    assigned.set(req, id);
  }
  return id;
}
