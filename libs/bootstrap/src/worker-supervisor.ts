import cluster, { type Worker } from 'node:cluster';

export interface WorkerSupervisorOptions {
  /** Worker processes to keep running. */
  count: number;
  /** Names the service in what the supervisor prints. */
  name: string;
  /** The script workers run (default: this process's own entry point). */
  exec?: string;
  /** Variables added to the workers' environment (they inherit this process's). */
  env?: Record<string, string>;
  /** Wait before replacing a worker that died after it was up. */
  restartDelayMs?: number;
  /** How long workers get to stop cleanly before they are killed. */
  stopTimeoutMs?: number;
}

/** The message a worker sends its supervisor once it is serving. */
export const WORKER_READY = 'omni:worker-ready';

/**
 * Runs `count` copies of the service as cluster workers sharing one listening port (the primary
 * hands out connections in turn), so one service uses every core. Each worker is a whole replica:
 * its own pools, consumers and relay candidate, exactly like a replica on another machine.
 * A worker that dies once up is replaced; one that dies before it was ever ready stops them all
 * (a bad start would only repeat). SIGTERM/SIGINT are passed on, and the primary exits when every
 * worker has stopped (one that takes longer than stopTimeoutMs is killed). Resolves with the exit
 * code the primary should end with.
 */
export function superviseWorkers(options: WorkerSupervisorOptions): Promise<number> {
  const { count, name, restartDelayMs = 1000, stopTimeoutMs = 30_000 } = options;
  if (options.exec) cluster.setupPrimary({ exec: options.exec });
  const ready = new WeakSet<Worker>();
  let stopping = false;
  let exitCode = 0;
  const say = (line: string) => process.stderr.write(`${name} supervisor: ${line}\n`);

  return new Promise((resolve) => {
    const fork = () => {
      const worker = cluster.fork(options.env);
      worker.on('message', (message) => message === WORKER_READY && ready.add(worker));
    };
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) {
          say(`worker ${worker?.process.pid} did not stop within ${stopTimeoutMs} ms; killing it`);
          worker?.process.kill('SIGKILL');
        }
      }, stopTimeoutMs).unref();
    };
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);

    cluster.on('exit', (worker, code, signal) => {
      const clean = code === 0 || signal === 'SIGTERM';
      if (!stopping) {
        if (!ready.has(worker)) {
          say(`worker ${worker.process.pid} failed to start (exit ${code ?? signal}); stopping`);
          exitCode = code || 1;
          stop('SIGTERM');
        } else {
          say(`worker ${worker.process.pid} died (exit ${code ?? signal}); replacing it in ${restartDelayMs} ms`);
          setTimeout(() => !stopping && fork(), restartDelayMs).unref();
        }
      } else if (!clean && !exitCode) {
        exitCode = code || 1;
      }
      if (stopping && !Object.keys(cluster.workers ?? {}).length) {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        cluster.removeAllListeners('exit');
        resolve(exitCode);
      }
    });
    for (let i = 0; i < count; i++) fork();
  });
}

/** Tells the supervisor (if any) that this worker is serving. */
export function reportWorkerReady(): void {
  if (cluster.isWorker) process.send?.(WORKER_READY);
}
