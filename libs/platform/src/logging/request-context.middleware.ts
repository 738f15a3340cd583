import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestContext } from '../context/request-context';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id';

/**
 * Runs the rest of the request inside its own request context, so transactions, logs and the
 * events a use case emits all carry the same correlation id. Mounted first, before body parsing,
 * so even a malformed-body error is answered and logged under the request's id.
 */
export function requestContextMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const correlationId = correlationIdOf(req);
  res.setHeader(CORRELATION_HEADER, correlationId);
  requestContext.run({ correlationId, causationId: null, actor: {} }, next);
}
