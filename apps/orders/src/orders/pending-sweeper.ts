import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { InventoryView, type Arrivals } from '../projections/inventory-view';
import { PENDING_PATIENCE_MS } from './pending.rules';
import { PendingOrders } from './pending-orders';
import { PendingStore } from './pending-store';

const SWEEP_EVERY_MS = 2_000;
// Each periodic sweep that finds nothing to decide doubles the wait for the next, up to this: an idle
// service then asks every 16 s instead of every 2 (each query wakes it and costs it CPU). An order
// going pending here brings the base rate back; one another replica took is that replica's to sweep,
// and this one's within 16 s should that replica die.
const IDLE_SWEEP_MAX_MS = 16_000;
const ORDERS_PER_SWEEP = 200;
// Orders decided at once: each is its own transaction under its own order's lock (then its hold's),
// so they never wait on each other. A flash sale's arrivals come faster than one at a time can place
// them (measured: 4 at once left them 2.8 s behind their holds, 12 at once 0.7 s); the pool has 20.
const DECIDING_AT_ONCE = 12;
// A periodic sweep passes over orders younger than this: their arrivals decide them (and a placement
// that raced its arrival is rechecked at commit), so the sweep is only the safety net behind both.
// Without it a flash sale's many young pending orders were each decided again every sweep, for nothing.
const SWEEP_MIN_AGE_MS = 5_000;

/**
 * Decides pending orders as soon as they may be: at once when the hold or location one waits for
 * arrives in orders' view, and on a sweep (which also gives up on what never arrives, only while the
 * view has read everything there is). Nothing is decided before the view has caught up.
 * An arrival's orders are decided at once, DECIDING_AT_ONCE at a time, never behind a sweep: a sweep
 * goes over every pending order and takes seconds when a flash sale leaves many waiting.
 */
@Injectable()
export class PendingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private sweepEveryMs = SWEEP_EVERY_MS;
  private arrivals: Subscription | null = null;
  /** Sweeps, one at a time; a tick that finds one still waiting to run adds none. */
  private sweeps: Promise<void> = Promise.resolve();
  private sweepQueued = false;
  /** The youngest order the next sweep decides: 0 for the first once the view has caught up. */
  private sweepMinAgeMs = SWEEP_MIN_AGE_MS;
  /** Orders to decide as soon as a slot is free (arrivals, rechecks), each once however often named. */
  private readonly soon = new Set<string>();
  private readonly deciding = new Set<Promise<void>>();

  constructor(
    private readonly view: InventoryView,
    private readonly waits: PendingStore,
    private readonly pending: PendingOrders,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduleSweep(SWEEP_EVERY_MS);
    this.arrivals = this.view.arrived.subscribe((arrived) => void this.decideWaitingOn(arrived));
    // Once caught up, every order that waited meanwhile, however young.
    void this.view.whenCaughtUp().then(() => this.queueSweep(0));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.arrivals?.unsubscribe();
    this.soon.clear();
    await this.sweeps;
    await Promise.all(this.deciding);
  }

  /**
   * A pending order just committed: the periodic sweep is back at its base rate. If what it waits for
   * arrived between its check and its commit, nobody was waiting yet when it arrived, so it is decided
   * now rather than at the next sweep.
   */
  waiting(orderId: string, arrivedMeanwhile: boolean): void {
    if (this.timer && this.sweepEveryMs > SWEEP_EVERY_MS) {
      this.sweepEveryMs = SWEEP_EVERY_MS;
      this.scheduleSweep(SWEEP_EVERY_MS);
    }
    if (arrivedMeanwhile) this.decideSoon([orderId]);
  }

  /** The periodic sweep, in `ms`; each one that finds nothing waits twice as long for the next. */
  private scheduleSweep(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.queueSweep(SWEEP_MIN_AGE_MS);
      void this.sweeps.then(() => this.timer && this.scheduleSweep(this.sweepEveryMs));
    }, ms);
    this.timer.unref();
  }

  private get open(): boolean {
    return this.timer !== null && this.view.caughtUp;
  }

  private queueSweep(minAgeMs: number): void {
    this.sweepMinAgeMs = Math.min(this.sweepMinAgeMs, minAgeMs);
    if (this.sweepQueued) return;
    this.sweepQueued = true;
    this.sweeps = this.sweeps.then(async () => {
      this.sweepQueued = false;
      if (!this.open) return;
      const age = this.sweepMinAgeMs;
      this.sweepMinAgeMs = SWEEP_MIN_AGE_MS;
      await this.sweep(age).catch((error: Error) =>
        this.logger.warn(`deciding pending orders failed: ${error.message}`),
      );
    });
  }

  private async decideWaitingOn(arrived: Arrivals): Promise<void> {
    if (!this.open) return;
    try {
      // A plain read, after the arrival was remembered: each order found is decided in its own transaction, under its lock.
      this.decideSoon(await this.waits.waitingOn(arrived));
    } catch (error) {
      this.logger.warn(
        `finding the orders waiting on an arrival failed (the sweep decides them): ${(error as Error).message}`,
      );
    }
  }

  private decideSoon(orderIds: Iterable<string>): void {
    if (!this.open) return;
    for (const orderId of orderIds) this.soon.add(orderId);
    this.startDeciding();
  }

  private startDeciding(): void {
    while (this.timer && this.deciding.size < DECIDING_AT_ONCE && this.soon.size) {
      const [orderId] = this.soon;
      this.soon.delete(orderId);
      const decision: Promise<void> = this.pending
        .decide(orderId, false)
        .catch((error: Error) =>
          this.logger.warn(`deciding pending order ${orderId} failed (the sweep tries again): ${error.message}`),
        )
        .finally(() => {
          this.deciding.delete(decision);
          this.startDeciding();
        });
      this.deciding.add(decision);
    }
  }

  private async sweep(minAgeMs: number): Promise<void> {
    const due = Date.now() - PENDING_PATIENCE_MS;
    // A plain read, outside a transaction: each order is decided in its own, under its lock.
    const pending = await this.waits.pending(ORDERS_PER_SWEEP, minAgeMs ? new Date(Date.now() - minAgeMs) : null);
    this.sweepEveryMs = pending.length ? SWEEP_EVERY_MS : Math.min(IDLE_SWEEP_MAX_MS, this.sweepEveryMs * 2);
    await eachAtMost(DECIDING_AT_ONCE, pending, ({ orderId, placedAt }) =>
      this.pending.decide(orderId, placedAt.getTime() < due && this.view.current),
    );
  }
}

/** Runs `work` over `items`, at most `limit` at a time; every item is tried, the first failure is thrown at the end. */
async function eachAtMost<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item).catch((error: unknown) => (failure ??= error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure;
}
