import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig, requestContext } from '@omni/platform';
import { PickupsService } from './pickups.service';

const BATCH = 200;

/** Every PICKUP_SWEEP_MS: reminders due, then no-shows. Every replica sweeps; SKIP LOCKED shares the rows. */
@Injectable()
export class PickupSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PickupSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly pickups: PickupsService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.PICKUP_SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error: Error) => this.logger.warn(`pickup sweep failed: ${error.message}`))
      .finally(() => (this.running = null));
  }

  private async sweep(): Promise<void> {
    const context = { correlationId: randomUUID(), causationId: null, actor: { principal: 'pickup-sweeper' } };
    await requestContext.run(context, async () => {
      while (this.timer && (await this.pickups.remindDue(BATCH, new Date())) === BATCH);
      while (this.timer && (await this.pickups.expireDue(BATCH, new Date())) === BATCH);
    });
  }
}
