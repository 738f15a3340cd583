import type { ServerResponse } from 'node:http';
import type { HttpRequest } from '../http/http-request';
import { httpRequestDuration } from './metrics.registry';

// Unmatched URLs share one label: raw paths would give scanners unbounded label cardinality.
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request, including those a guard rejects or the body parser refuses, which never
 * reach an interceptor. The route label is the pattern Express matched (`/v1/holds/:id`).
 */
export function httpMetricsMiddleware(req: HttpRequest, res: ServerResponse, next: () => void): void {
  const stopTimer = httpRequestDuration.startTimer();
  res.once('finish', () => {
    stopTimer({ method: req.method ?? 'UNKNOWN', route: req.route?.path ?? UNMATCHED_ROUTE, status: String(res.statusCode) });
  });
  next();
}
