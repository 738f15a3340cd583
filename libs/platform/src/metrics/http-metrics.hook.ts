import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Histogram } from 'prom-client';
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
 * onResponse hook: times every request, including those a guard rejects or the body parser refuses,
 * which never reach an interceptor. The route label is the pattern Fastify matched (`/v1/holds/:id`).
 */
export function httpMetricsHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
  seriesFor(request.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  done();
}
