// Starts a built service (dist/) as a child process on the bench database and waits until it is ready.
'use strict';

const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { setTimeout: sleep } = require('node:timers/promises');

const ROOT = path.resolve(__dirname, '../../..');
// Worker processes per service (HTTP_WORKERS), and for the HTTP ceiling, which must match.
const BENCH_WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
// BENCH_PORT_OFFSET=<n> moves every port the bench listens on by n: two checkouts benching at once on
// one machine must not answer each other's readiness probes.
const PORT_OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);
const benchPort = (port) => port + PORT_OFFSET;

/** Rejects when something listens on `port` already: its answers would be taken for the service's. */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) =>
      reject(
        new Error(
          `port ${port} is in use (${error.code}): another bench running? set BENCH_PORT_OFFSET to move this one's ports`,
        ),
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/**
 * @param {{main: string, port: number, env: Record<string,string>, readyTimeoutMs?: number}} spec
 * @returns {Promise<{url: string, child: import('node:child_process').ChildProcess, stop: () => Promise<void>}>}
 */
async function startService(spec) {
  // BENCH_CPU_PROFILE_DIR=<dir> writes each service's V8 CPU profile to <dir>/<app> when it stops (to find the hot spots).
  const app = spec.main.split('/').at(-3) ?? 'service';
  const profile = process.env.BENCH_CPU_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_CPU_PROFILE_DIR, app)}`]
    : [];
  await assertPortFree(spec.port);
  const child = spawn(process.execPath, [...profile, ...(spec.nodeArgs ?? []), path.join(ROOT, spec.main)], {
    cwd: ROOT,
    env: { ...process.env, HTTP_WORKERS: String(BENCH_WORKERS), ...spec.env, PORT: String(spec.port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const url = `http://127.0.0.1:${spec.port}`;
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 90000);
  for (;;) {
    if (exited !== null) throw new Error(`${spec.main} exited with ${exited} before it was ready`);
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${spec.main} was not ready within ${spec.readyTimeoutMs ?? 90000} ms`);
    }
    await sleep(200);
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

module.exports = { startService, benchPort, assertPortFree, ROOT, BENCH_WORKERS };
