import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, PeriodicTask, requestContext } from '@omni/platform';
import { PickupsService } from './pickups.service';

const BATCH = 200;

/** Every PICKUP_SWEEP_MS: reminders due, then no-shows. Every replica sweeps; SKIP LOCKED shares the rows. */
@Injectable()
export class PickupSweeper extends PeriodicTask {
  constructor(
    private readonly pickups: PickupsService,
    config: AppConfig,
  ) {
    super('pickup sweep', config.PICKUP_SWEEP_MS);
  }

  protected async runOnce(): Promise<void> {
    const context = { correlationId: randomUUID(), causationId: null, actor: { principal: 'pickup-sweeper' } };
    await requestContext.run(context, async () => {
      while (this.active && (await this.pickups.remindDue(BATCH, new Date())) === BATCH);
      while (this.active && (await this.pickups.expireDue(BATCH, new Date())) === BATCH);
    });
  }
}
