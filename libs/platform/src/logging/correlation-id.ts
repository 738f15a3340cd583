import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ID_PATTERN } from '@omni/contracts';

export const CORRELATION_HEADER = 'x-correlation-id';

const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The request's correlation id: the caller's `x-correlation-id` when it is usable, else a new UUID.
 * A client-sent id is echoed into every log line and event, so it must have the shape of an id.
 * Memoised per request so the context middleware, pino-http and the error filter agree on it
 * whichever of them asks first.
 */
export function correlationIdOf(req: IncomingMessage): string {
  let id = assigned.get(req);
  if (id === undefined) {
    const sent = req.headers[CORRELATION_HEADER];
    id = typeof sent === 'string' && ID_PATTERN.test(sent) ? sent : randomUUID();
    assigned.set(req, id);
  }
  return id;
}
