// CPU time a process and its descendants (cluster workers) have used, from /proc (Linux). A
// throughput swings with whatever else the box runs; CPU per operation barely does, so it tells
// whether a change made a path cheaper.
'use strict';

const fs = require('node:fs');

const TICK_MS = 10; // USER_HZ is 100 on every Linux the bench runs on

function ownCpuMs(pid) {
  // Fields after "(comm) ": utime and stime are the 12th and 13th.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function childrenOf(pid) {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((tid) =>
      fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
}

/** CPU ms used so far by `pid` and every live descendant; null where /proc is not available. */
function processTreeCpuMs(pid) {
  try {
    return ownCpuMs(pid) + childrenOf(pid).reduce((sum, child) => sum + (processTreeCpuMs(child) ?? 0), 0);
  } catch {
    return null;
  }
}

module.exports = { processTreeCpuMs };
