import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PeriodicTask, requestContext } from '@omni/platform';
import { HoldsService } from './holds.service';

const SWEEP_EVERY_MS = 1000;
const BATCH = 200;

/** Gives expired holds' stock back within about a second, on every replica (they share through SKIP LOCKED). */
@Injectable()
export class HoldSweeper extends PeriodicTask {
  constructor(private readonly holds: HoldsService) {
    super('hold sweep', SWEEP_EVERY_MS);
  }

  protected async runOnce(): Promise<void> {
    if (!(await this.holds.anyDue())) return;
    const context = { correlationId: randomUUID(), causationId: null, actor: { principal: 'hold-sweeper' } };
    while (this.active && (await requestContext.run(context, () => this.holds.expireDue(BATCH))) === BATCH);
  }
}
