// The idle figure: CPU each service spends with no requests and no events (timers, pollers, probes,
// heartbeats), in ms of CPU per second, from /proc. The yardstick is a bare NestJS process (bare-nest.js)
// idling over the same window: what a Node process with Nest and nothing to do costs on this box.
'use strict';

const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { setTimeout: sleep } = require('node:timers/promises');
const { processTreeCpuMs } = require('./cpu');
const { round } = require('./stats');
const { benchPort } = require('./service');

const SECONDS = Number(process.env.BENCH_IDLE_S ?? 90);
// After every service is ready: the first joins, catch-ups and sweeps are start-up, not idling.
const SETTLE_MS = Number(process.env.BENCH_IDLE_SETTLE_MS ?? 20_000);
const TARGET_MS_PER_S = 5;
const FLOOR_PORT = benchPort(3995);

async function waitReady(url) {
  for (const until = Date.now() + 90_000; ; await sleep(200)) {
    const status = await fetch(`${url}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > until) throw new Error(`${url} was not ready within 90 s`);
  }
}

async function startFloor() {
  const child = spawn(process.execPath, [path.join(__dirname, 'bare-nest.js'), String(FLOOR_PORT), '1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve());
    child.on('exit', (code) => reject(new Error(`bare nest exited with ${code}`)));
  });
  return child;
}

/** `services`: {name: {url, child}}. Emits one line per service (and writes the floor to stderr). */
async function measureIdle(ctx, services) {
  for (const svc of Object.values(services)) await waitReady(svc.url);
  const floor = await startFloor();
  try {
    ctx.log(`idle: all ready; settling ${SETTLE_MS / 1000} s, then ${SECONDS} s with no requests and no events`);
    await sleep(SETTLE_MS);
    const pids = {
      ...Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.child.pid])),
      floor: floor.pid,
    };
    const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processTreeCpuMs(pid)]));
    const [load1Before] = os.loadavg();
    const began = performance.now();
    await sleep(SECONDS * 1000);
    const elapsedS = (performance.now() - began) / 1000;
    const msPerS = Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, (processTreeCpuMs(pid) - before[name]) / elapsedS]),
    );
    const [load1After] = os.loadavg();
    ctx.log(
      `idle: bare Nest process ${round(msPerS.floor, 2)} ms/s; load 1m ${load1Before.toFixed(2)} before, ${load1After.toFixed(2)} after`,
    );
    for (const name of Object.keys(services)) {
      const line = {
        bench: 'idle',
        service: name,
        cpu_ms_per_s: round(msPerS[name], 2),
        seconds: SECONDS,
        target_ms_per_s: TARGET_MS_PER_S,
        ratio_to_target: round(msPerS[name] / TARGET_MS_PER_S, 3),
        floor: 'nest-bare-idle',
        floor_cpu_ms_per_s: round(msPerS.floor, 2),
        load1: [round(load1Before, 2), round(load1After, 2)],
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    return msPerS;
  } finally {
    floor.kill('SIGTERM');
  }
}

module.exports = { measureIdle };
