import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { InventoryView } from '../projections/inventory-view';
import { ProjectionsService } from '../projections/projections.service';
import { OrderLinesStore } from './order-lines.store';
import { SagaService } from './saga.service';

// A safety net behind the two nudges below (the view caught up; a location arrived), e.g. for a
// line another replica parked while this one had already caught up.
const SWEEP_EVERY_MS = 2_000;
// Each periodic pass that finds nothing to resume doubles the wait for the next, up to this: an idle
// service then asks every 16 s instead of every 2 (each query wakes it and costs it CPU). A pass that
// resumes something brings the base rate back.
const IDLE_SWEEP_MAX_MS = 16_000;
const ORDERS_PER_PASS = 100;

/**
 * Sources the lines that waited (order_lines.status = 'waiting') as soon as they may be: when the
 * view of inventory has caught up, and for a pickup line when its store's location has arrived.
 * Each order's lines move back to sourcing under their row locks, so replicas never source one twice.
 */
@Injectable()
export class WaitingLines implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WaitingLines.name);
  private timer: NodeJS.Timeout | null = null;
  private sweepEveryMs = SWEEP_EVERY_MS;
  private arrivals: Subscription | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly lines: OrderLinesStore,
    private readonly saga: SagaService,
    private readonly view: InventoryView,
    private readonly projections: ProjectionsService,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(SWEEP_EVERY_MS);
    this.arrivals = this.projections.locationsArrived.subscribe(() => {
      // A line parked for this store while it arrived (its commit after this pass's read) is the next
      // periodic pass's: at the base rate, not after an idle backoff.
      this.sweepEveryMs = SWEEP_EVERY_MS;
      this.schedule(SWEEP_EVERY_MS);
      this.nudge();
    });
    void this.view.whenCaughtUp().then(() => this.nudge());
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.arrivals?.unsubscribe();
    await this.running;
  }

  /** Runs a pass now, or right after the one in flight. */
  nudge(): void {
    if (!this.timer || !this.view.caughtUp) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: Error) => this.logger.warn(`sourcing waiting lines failed: ${error.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** The periodic pass, in `ms`: a nudge, then the next in sweepEveryMs once it has run. */
  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.nudge();
      void Promise.resolve(this.running).then(() => this.timer && this.schedule(this.sweepEveryMs));
    }, ms);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    for (;;) {
      // A plain read: each order found resumes in its own transaction, under its lines' locks.
      const orders = await this.lines.readyToResume(ORDERS_PER_PASS);
      this.sweepEveryMs = orders.length ? SWEEP_EVERY_MS : Math.min(IDLE_SWEEP_MAX_MS, this.sweepEveryMs * 2);
      for (const orderId of orders) await this.saga.resumeWaiting(orderId);
      if (orders.length < ORDERS_PER_PASS || !this.timer) return;
    }
  }
}
