import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { requestContext } from '@omni/platform';
import { HoldsService } from './holds.service';

const SWEEP_EVERY_MS = 1000;
const BATCH = 200;

/** Gives expired holds' stock back within about a second, on every replica (they share through SKIP LOCKED). */
@Injectable()
export class HoldSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HoldSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly holds: HoldsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), SWEEP_EVERY_MS);
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
      .catch((error: Error) => this.logger.warn(`hold sweep failed: ${error.message}`))
      .finally(() => (this.running = null));
  }

  private async sweep(): Promise<void> {
    const context = { correlationId: randomUUID(), causationId: null, actor: { principal: 'hold-sweeper' } };
    while (this.timer && (await requestContext.run(context, () => this.holds.expireDue(BATCH))) === BATCH);
  }
}
