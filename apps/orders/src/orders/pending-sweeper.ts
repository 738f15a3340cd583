import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import type { Subscription } from 'rxjs';
import { InventoryView, type Arrivals } from '../projections/inventory-view';
import { PENDING_PATIENCE_MS } from './pending.rules';
import { PendingOrders } from './pending-orders';
import { PendingStore } from './pending-store';

const SWEEP_EVERY_MS = 2_000;
const ORDERS_PER_SWEEP = 200;

/**
 * Decides pending orders as soon as they may be: at once when the hold or location one waits for
 * arrives in orders' view, and on a sweep (which also gives up on what never arrives, only while the
 * view has read everything there is). Nothing is decided before the view has caught up.
 */
@Injectable()
export class PendingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private arrivals: Subscription | null = null;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly tx: TransactionHost,
    private readonly view: InventoryView,
    private readonly waits: PendingStore,
    private readonly pending: PendingOrders,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.queue(() => this.sweep()), SWEEP_EVERY_MS);
    this.timer.unref();
    this.arrivals = this.view.arrived.subscribe((arrived) => this.queue(() => this.decideWaitingOn(arrived)));
    void this.view.whenCaughtUp().then(() => this.queue(() => this.sweep()));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.arrivals?.unsubscribe();
    await this.work;
  }

  /** One pass at a time, in arrival order. */
  private queue(pass: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (!this.timer || !this.view.caughtUp) return;
      await pass().catch((error: Error) => this.logger.warn(`deciding pending orders failed: ${error.message}`));
    });
  }

  private async decideWaitingOn({ holds, locations, skus }: Arrivals): Promise<void> {
    const orders = await this.tx.run(async () => [
      ...new Set([
        ...(await this.waits.waitingOn('hold', holds)),
        ...(await this.waits.waitingOn('location', locations)),
        ...(await this.waits.waitingOn('sku', skus)),
      ]),
    ]);
    for (const orderId of orders) await this.pending.decide(orderId, false);
  }

  private async sweep(): Promise<void> {
    const due = Date.now() - PENDING_PATIENCE_MS;
    for (const { orderId, placedAt } of await this.tx.run(() => this.waits.pending(ORDERS_PER_SWEEP))) {
      await this.pending.decide(orderId, placedAt.getTime() < due && this.view.current);
    }
  }
}
