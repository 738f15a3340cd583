import { Injectable } from '@nestjs/common';
import { PeriodicTask } from '@omni/platform';
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
export class WaitingLines extends PeriodicTask {
  /** The wait the last pass answered: doubled by each pass that finds nothing. */
  private sweepEveryMs = SWEEP_EVERY_MS;
  private arrivals: Subscription | null = null;

  constructor(
    private readonly lines: OrderLinesStore,
    private readonly saga: SagaService,
    private readonly view: InventoryView,
    private readonly projections: ProjectionsService,
  ) {
    super('sourcing waiting lines', IDLE_SWEEP_MAX_MS);
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.runWithin(SWEEP_EVERY_MS);
    this.arrivals = this.projections.locationsArrived.subscribe(() => {
      // A line parked for this store while it arrived (its commit after this pass's read) is the next
      // pass's: halved here, the doubling after a pass that finds nothing answers the base rate.
      this.sweepEveryMs = SWEEP_EVERY_MS / 2;
      this.nudge();
    });
    void this.view.whenCaughtUp().then(() => this.nudge());
  }

  override async onModuleDestroy(): Promise<void> {
    this.arrivals?.unsubscribe();
    await super.onModuleDestroy();
  }

  /** Runs a pass now, or right after the one in flight. */
  nudge(): void {
    this.runWithin(0);
  }

  protected async runOnce(): Promise<number> {
    if (!this.view.caughtUp) return SWEEP_EVERY_MS;
    for (;;) {
      // A plain read: each order found resumes in its own transaction, under its lines' locks.
      const orders = await this.lines.readyToResume(ORDERS_PER_PASS);
      this.sweepEveryMs = orders.length ? SWEEP_EVERY_MS : Math.min(IDLE_SWEEP_MAX_MS, this.sweepEveryMs * 2);
      for (const orderId of orders) await this.saga.resumeWaiting(orderId);
      if (orders.length < ORDERS_PER_PASS || !this.active) return this.sweepEveryMs;
    }
  }
}
