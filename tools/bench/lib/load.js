// Closed-loop HTTP load with autocannon: `connections` clients, each sending its next request as soon
// as the previous one is answered, for `seconds`.
'use strict';

const autocannon = require('autocannon');
const { processTreeCpuMs } = require('./cpu');

/**
 * @param {{url: string, connections: number, seconds: number, method?: string, path: string,
 *          headers?: Record<string,string>, body?: () => unknown, headersFor?: () => Record<string,string>,
 *          serverPid?: number}} spec  serverPid: the process (tree) serving, to report its CPU per answered request
 * @returns {Promise<{ok: number, failed: number, opsPerS: number, p99Ms: number, statuses: Record<string, number>, cpuUsPerOp: number | null}>}
 */
async function load(spec) {
  const cpuBefore = spec.serverPid ? processTreeCpuMs(spec.serverPid) : null;
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
  const cpuAfter = cpuBefore === null ? null : processTreeCpuMs(spec.serverPid);
  const answered = ok + result.non2xx;
  return {
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    // Only answered 2xx count as operations.
    opsPerS: ok / spec.seconds,
    p99Ms: result.latency.p99,
    statuses,
    cpuUsPerOp: cpuAfter === null || !answered ? null : ((cpuAfter - cpuBefore) * 1000) / answered,
  };
}

module.exports = { load };
