import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

/**
 * Runs `runOnce()` every `everyMs` while the application is up: the plumbing shared by the services'
 * background sweepers, so each of them is only its own sweep.
 *
 * - Starts once the app has bootstrapped (never during module wiring) and stops on shutdown; the timer
 *   is unref'd so it never keeps a process alive by itself.
 * - At most one run at a time per instance: a tick that finds the previous run still busy is skipped
 *   rather than queued, so a slow database cannot pile runs up.
 * - A failed run is logged and retried on the next tick; it must not take the service down.
 * - Shutdown waits for the run in flight, so it never outlives the connections it uses. Long runs
 *   should check `active` between batches to stop early.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  /** @param name used in log lines ("<name> failed: ...") */
  protected constructor(
    private readonly name: string,
    private readonly everyMs: number,
  ) {
    this.logger = new Logger(new.target.name);
  }

  /** One pass of the task's work. */
  protected abstract runOnce(): Promise<void>;

  /** False once shutdown has begun: loops inside runOnce() should stop. */
  protected get active(): boolean {
    return this.timer !== null;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runOnce()
      .catch((error: Error) => this.logger.warn(`${this.name} failed: ${error.message}`))
      .finally(() => (this.running = null));
  }
}
