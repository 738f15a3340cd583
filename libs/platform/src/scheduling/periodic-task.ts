import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

/**
 * Runs `runOnce()` every `everyMs` while the application is up: the plumbing shared by the services'
 * background sweepers, so each of them is only its own sweep.
 *
 * - Starts once the app has bootstrapped (never during module wiring) and stops on shutdown; the timer
 *   is unref'd so it never keeps a process alive by itself.
 * - At most one run at a time per instance: the next run is timed from the end of the previous one,
 *   so a slow database cannot pile runs up.
 * - A run may answer when the next one is due (ms from now, at most `everyMs`): a sweeper that knows
 *   its next deadline sleeps until then instead of asking every tick, which is most of an idle
 *   service's CPU. `runWithin()` brings the next run forward (a deadline this replica just made).
 * - A failed run is logged and retried after `everyMs`; it must not take the service down.
 * - Shutdown waits for the run in flight, so it never outlives the connections it uses. Long runs
 *   should check `active` between batches to stop early.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private started = false;
  private running: Promise<void> | null = null;
  /** A runWithin() that came while a run was in flight: the next run is due by then at the latest. */
  private wantedBy = Infinity;

  /** @param name used in log lines ("<name> failed: ...") */
  protected constructor(
    private readonly name: string,
    private readonly everyMs: number,
  ) {
    this.logger = new Logger(new.target.name);
  }

  /** One pass of the task's work; may answer in how many ms the next pass is due (default and at most `everyMs`). */
  protected abstract runOnce(): Promise<number | void>;

  /** False once shutdown has begun: loops inside runOnce() should stop. */
  protected get active(): boolean {
    return this.started;
  }

  onApplicationBootstrap(): void {
    this.started = true;
    this.schedule(this.everyMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.started = false;
    this.clearTimer();
    await this.running;
  }

  /** The next run starts within `ms` from now (sooner if it was due sooner already). */
  runWithin(ms: number): void {
    if (!this.started) return;
    if (this.running) this.wantedBy = Math.min(this.wantedBy, Date.now() + ms);
    else if (Date.now() + ms < this.dueAt) this.schedule(ms);
  }

  private schedule(ms: number): void {
    this.clearTimer();
    const delay = Math.max(0, Math.min(ms, this.everyMs));
    this.dueAt = Date.now() + delay;
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
  }

  private tick(): void {
    this.timer = null;
    this.dueAt = Infinity;
    this.wantedBy = Infinity;
    let next = this.everyMs;
    this.running = this.runOnce()
      .then((answer) => {
        if (typeof answer === 'number') next = answer;
      })
      .catch((error: Error) => this.logger.warn(`${this.name} failed: ${error.message}`))
      .finally(() => {
        this.running = null;
        if (this.started) this.schedule(Math.min(next, this.wantedBy - Date.now()));
      });
  }
}
