import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { superviseWorkers } from '../src/worker-supervisor';

const FIXTURE = path.join(__dirname, 'fixtures', 'pid-worker.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The pid of the worker that answered, on a fresh connection each time (the primary hands connections out in turn). */
function pidAt(port: number, urlPath = '/'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(Number(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function distinctPids(port: number, want: number): Promise<Set<number>> {
  const pids = new Set<number>();
  await until(async () => {
    pids.add(await pidAt(port));
    return pids.size >= want ? true : undefined;
  });
  return pids;
}

describe('superviseWorkers', () => {
  it('serves one port from every worker, replaces one that dies, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const stopped = superviseWorkers({
      count: 2,
      name: 'test',
      exec: FIXTURE,
      env: { PORT: String(port) },
      restartDelayMs: 50,
    });
    const first = await distinctPids(port, 2);
    expect(first.size).toBe(2);

    const crashed = await pidAt(port, '/crash');
    const after = await until(async () => {
      const pids = await distinctPids(port, 2);
      return pids.has(crashed) ? undefined : pids;
    });
    expect(after.size).toBe(2);
    expect([...after].filter((pid) => !first.has(pid))).toHaveLength(1);

    process.emit('SIGTERM', 'SIGTERM');
    await expect(stopped).resolves.toBe(0);
    await expect(pidAt(port)).rejects.toThrow();
  });

  it('stops with the worker’s exit code when a worker cannot start', async () => {
    const env = { PORT: String(await freePort()), FAIL_START: '1' };
    await expect(superviseWorkers({ count: 2, name: 'test', exec: FIXTURE, env })).resolves.toBe(4);
  });

  it('kills a worker that does not stop in time, and says the stop was not clean', async () => {
    const port = await freePort();
    const stopped = superviseWorkers({
      count: 1,
      name: 'test',
      exec: FIXTURE,
      env: { PORT: String(port), IGNORE_SIGTERM: '1' },
      stopTimeoutMs: 300,
    });
    await distinctPids(port, 1);
    const began = Date.now();
    process.emit('SIGTERM', 'SIGTERM');
    await expect(stopped).resolves.toBe(1);
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
  });
});
