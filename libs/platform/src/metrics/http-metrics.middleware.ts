import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Histogram } from 'prom-client';
import type { HttpRequest } from '../http/http-request';
import { httpRequestDuration } from './metrics.registry';

// Unmatched URLs share one label: raw paths would give scanners unbounded label cardinality.
const UNMATCHED_ROUTE = 'unmatched';

type Series = ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>;
// One labelled child per (method, route, status): prom-client otherwise sorts and hashes the label
// object on every observation. Bounded because routes are patterns and statuses a small set.
const series = new Map<string, Series>();

function seriesFor(method: string, route: string, status: string): Series {
  const key = `${method} ${status} ${route}`;
  let child = series.get(key);
  if (!child) {
    child = httpRequestDuration.labels(method, route, status);
    series.set(key, child);
  }
  return child;
}

/**
 * Times every request, including those a guard rejects or the body parser refuses, which never
 * reach an interceptor. The route label is the pattern Express matched (`/v1/holds/:id`).
 */
export function httpMetricsMiddleware(req: HttpRequest, res: ServerResponse, next: () => void): void {
  const start = performance.now();
  res.once('finish', () => {
    seriesFor(req.method ?? 'UNKNOWN', req.route?.path ?? UNMATCHED_ROUTE, String(res.statusCode)).observe((performance.now() - start) / 1000);
  });
  next();
}
