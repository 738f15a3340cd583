import { PeriodicTask } from './periodic-task';

class Probe extends PeriodicTask {
  runs = 0;
  release: () => void = () => undefined;
  fail = false;

  constructor() {
    super('probe', 100);
  }

  protected runOnce(): Promise<void> {
    this.runs++;
    if (this.fail) return Promise.reject(new Error('boom'));
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
});
