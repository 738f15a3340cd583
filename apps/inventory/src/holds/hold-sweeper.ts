import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PeriodicTask, requestContext } from '@omni/platform';
import type { Subscription } from 'rxjs';
import { HoldsService } from './holds.service';

// The sweeper sleeps until the next active hold expires, as the database saw it at the last sweep,
// or until a hold this replica makes expires sooner. A hold another replica made after that sweep
// is that replica's to expire on time; this one looks again at least this often, so a replica that
// died with holds still active has them expired by the survivors within this long.
const LOOK_AGAIN_MS = 30_000;
// Holds still due after a sweep are locked by another replica's sweep (SKIP LOCKED passed them over):
// look again after this rather than at once.
const STILL_DUE_PAUSE_MS = 1000;
const BATCH = 200;

/** Gives expired holds' stock back as they expire, on every replica (they share through SKIP LOCKED). */
@Injectable()
export class HoldSweeper extends PeriodicTask {
  private made: Subscription | null = null;

  constructor(private readonly holds: HoldsService) {
    super('hold sweep', LOOK_AGAIN_MS);
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.made = this.holds.expiries.subscribe((expiresAt) => this.runWithin(expiresAt.getTime() - Date.now()));
    this.runWithin(0);
  }

  override async onModuleDestroy(): Promise<void> {
    this.made?.unsubscribe();
    await super.onModuleDestroy();
  }

  /** Answers when the next hold expires (nothing active: LOOK_AGAIN_MS). */
  protected async runOnce(): Promise<number | void> {
    const next = await this.holds.msToNextExpiry();
    if (next !== 0) return next ?? undefined;
    const context = { correlationId: randomUUID(), causationId: null, actor: { principal: 'hold-sweeper' } };
    while (this.active && (await requestContext.run(context, () => this.holds.expireDue(BATCH))) === BATCH);
    const after = await this.holds.msToNextExpiry();
    return after === 0 ? STILL_DUE_PAUSE_MS : (after ?? undefined);
  }
}
