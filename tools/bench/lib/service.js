// Starts a built service (dist/) as a child process on the bench database and waits until it is ready.
'use strict';

const path = require('node:path');
const { spawn } = require('node:child_process');
const { setTimeout: sleep } = require('node:timers/promises');

const ROOT = path.resolve(__dirname, '../../..');
// Worker processes per service (HTTP_WORKERS), and for the HTTP ceiling, which must match.
const BENCH_WORKERS = Number(process.env.BENCH_WORKERS ?? 1);

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

module.exports = { startService, ROOT, BENCH_WORKERS };
