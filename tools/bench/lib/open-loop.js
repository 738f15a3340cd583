// Open-loop load: requests sent on a clock whether or not earlier ones were answered, so a slow
// answer shows as latency instead of slowing the load down (what closed-loop clients hide).
'use strict';

const { setTimeout: sleep } = require('node:timers/promises');
const { percentile } = require('./stats');
const { processTreeCpuMs } = require('./cpu');

/**
 * Sends `rate` requests per second for `seconds`, on a clock; returns latencies and statuses, and with
 * `serverPid` (the process tree serving) its CPU per request sent, as load() does for closed loops.
 */
async function openLoop({ rate, seconds, send, serverPid }) {
  const cpuBefore = serverPid ? processTreeCpuMs(serverPid) : null;
  const results = [];
  const began = performance.now();
  let sent = 0;
  while (performance.now() - began < seconds * 1000) {
    const due = Math.floor(((performance.now() - began) / 1000) * rate);
    for (; sent < due; sent++) {
      const at = performance.now();
      results.push(
        send(sent).then(
          (status) => ({ status, ms: performance.now() - at }),
          () => ({ status: 0, ms: performance.now() - at }),
        ),
      );
    }
    await sleep(2);
  }
  const settled = await Promise.all(results);
  const elapsed = (performance.now() - began) / 1000;
  const cpuAfter = cpuBefore === null ? null : processTreeCpuMs(serverPid);
  const ok = settled.filter((r) => r.status >= 200 && r.status < 300);
  const statuses = {};
  for (const r of settled) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return {
    sent,
    ok: ok.length,
    opsPerS: ok.length / elapsed,
    p99Ms: percentile(
      settled.map((r) => r.ms),
      99,
    ),
    statuses,
    cpuUsPerOp: cpuAfter === null || !sent ? null : ((cpuAfter - cpuBefore) * 1000) / sent,
  };
}

module.exports = { openLoop };
