import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { InventoryView } from '../projections/inventory-view';
import { ProjectionsService } from '../projections/projections.service';
import { OrderLinesStore } from './order-lines.store';
import { SagaService } from './saga.service';

// A safety net behind the two nudges below (the view caught up; a location arrived), e.g. for a
// line another replica parked while this one had already caught up.
const SWEEP_EVERY_MS = 2_000;
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
    this.timer = setInterval(() => this.nudge(), SWEEP_EVERY_MS);
    this.timer.unref();
    this.arrivals = this.projections.locationsArrived.subscribe(() => this.nudge());
    void this.view.whenCaughtUp().then(() => this.nudge());
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
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

  private async pass(): Promise<void> {
    for (;;) {
      // A plain read: each order found resumes in its own transaction, under its lines' locks.
      const orders = await this.lines.readyToResume(ORDERS_PER_PASS);
      for (const orderId of orders) await this.saga.resumeWaiting(orderId);
      if (orders.length < ORDERS_PER_PASS || !this.timer) return;
    }
  }
}
