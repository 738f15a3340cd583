// Closed-loop HTTP load with autocannon: `connections` clients, each sending its next request as soon
// as the previous one is answered, for `seconds`.
'use strict';

const autocannon = require('autocannon');

/**
 * @param {{url: string, connections: number, seconds: number, method?: string, path: string,
 *          headers?: Record<string,string>, body?: () => unknown, headersFor?: () => Record<string,string>}} spec
 * @returns {Promise<{ok: number, failed: number, opsPerS: number, p99Ms: number, statuses: Record<string, number>}>}
 */
async function load(spec) {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: spec.method ?? 'GET',
        path: spec.path,
        headers: { 'content-type': 'application/json', ...(spec.headers ?? {}) },
        setupRequest: (request) => ({
          ...request,
          ...(spec.body ? { body: JSON.stringify(spec.body()) } : {}),
          ...(spec.headersFor ? { headers: { ...request.headers, ...spec.headersFor() } } : {}),
        }),
      },
    ],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  const ok = result['2xx'];
  return {
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    // Only answered 2xx count as operations.
    opsPerS: ok / spec.seconds,
    p99Ms: result.latency.p99,
    statuses,
  };
}

module.exports = { load };
