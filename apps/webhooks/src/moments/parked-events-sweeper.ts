import { Injectable } from '@nestjs/common';
import { PeriodicTask } from '@omni/platform';
import { MomentsService } from './moments.service';

const SWEEP_EVERY_MS = 10 * 60_000;

/** Lets go of events whose order never came; every replica sweeps, a row gone already is simply skipped. */
@Injectable()
export class ParkedEventsSweeper extends PeriodicTask {
  constructor(private readonly moments: MomentsService) {
    super('parked events sweep', SWEEP_EVERY_MS);
  }

  protected runOnce(): Promise<void> {
    return this.moments.forgetStale();
  }
}
