import { PeriodicTask } from './periodic-task';

class Probe extends PeriodicTask {
  runs = 0;
  release: (nextInMs?: number) => void = () => undefined;
  fail = false;
  /** When set, each run resolves at once and answers this as its next delay. */
  nextInMs: number | undefined;

  constructor() {
    super('probe', 100);
  }

  protected runOnce(): Promise<number | void> {
    this.runs++;
    if (this.fail) return Promise.reject(new Error('boom'));
    if (this.nextInMs !== undefined) return Promise.resolve(this.nextInMs);
    return new Promise((resolve) => (this.release = resolve));
  }
}

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on its interval only after bootstrap, never two runs at once, and waits for the run in flight on shutdown', async () => {
    const task = new Probe();
    jest.advanceTimersByTime(500);
    expect(task.runs).toBe(0);

    task.onApplicationBootstrap();
    jest.advanceTimersByTime(350);
    expect(task.runs).toBe(1); // still busy: the later ticks were skipped

    let stopped = false;
    const stopping = task.onModuleDestroy().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    task.release();
    await stopping;
    jest.advanceTimersByTime(500);
    expect(task.runs).toBe(1);
  });

  it('logs a failed run and tries again on the next tick', async () => {
    const task = new Probe();
    const warn = jest.spyOn(task['logger'], 'warn').mockImplementation(() => undefined);
    task.fail = true;
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100);
    expect(warn).toHaveBeenCalledWith('probe failed: boom');
    await jest.advanceTimersByTimeAsync(100);
    expect(task.runs).toBe(2);
    await task.onModuleDestroy();
  });

  it('sleeps as long as a run answers, never longer than its interval', async () => {
    const task = new Probe();
    task.nextInMs = 30;
    task.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100); // the first run, at the interval
    expect(task.runs).toBe(1);
    await jest.advanceTimersByTimeAsync(30);
    expect(task.runs).toBe(2);
    task.nextInMs = 10_000; // an answer beyond the interval is capped at it
    await jest.advanceTimersByTimeAsync(30);
    expect(task.runs).toBe(3);
    await jest.advanceTimersByTimeAsync(99);
    expect(task.runs).toBe(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(task.runs).toBe(4);
    await task.onModuleDestroy();
  });

  it('runWithin brings the next run forward, also when asked during a run, and never delays it', async () => {
    const task = new Probe();
    task.onApplicationBootstrap();
    task.runWithin(10);
    await jest.advanceTimersByTimeAsync(10);
    expect(task.runs).toBe(1);

    task.runWithin(5); // during the run: due 5 ms after it was asked, so right after the run ends
    await jest.advanceTimersByTimeAsync(20);
    task.release();
    await jest.advanceTimersByTimeAsync(0);
    expect(task.runs).toBe(2);

    task.release(50);
    await jest.advanceTimersByTimeAsync(0);
    task.runWithin(80); // later than the run the last one asked for: changes nothing
    await jest.advanceTimersByTimeAsync(50);
    expect(task.runs).toBe(3);
    task.release();
    await task.onModuleDestroy();
    task.runWithin(0); // after shutdown: nothing runs
    await jest.advanceTimersByTimeAsync(200);
    expect(task.runs).toBe(3);
  });
});
