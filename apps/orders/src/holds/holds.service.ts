import { HttpStatus, Injectable } from '@nestjs/common';
import type { HoldEndedV1, HoldExtendedV1, StockHeldV1 } from '@omni/contracts';
import { ProblemException, TransactionHost } from '@omni/platform';
import { holdRefusal, holdRefusalDetail } from './holds.rules';
import { KnownHold } from './known-hold.entity';

/** The projection of inventory's cart holds, and the claim an order makes on one. */
@Injectable()
export class HoldsService {
  constructor(private readonly tx: TransactionHost) {}

  // Hold events are keyed by hold id, so they arrive in order: a plain insert/update per event is enough.
  held(data: StockHeldV1): Promise<void> {
    return this.tx.run(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(KnownHold)
        .values({ id: data.holdId, channel: data.channel, principal: data.principal, status: 'active', expiresAt: new Date(data.expiresAt) })
        .orIgnore()
        .execute();
    });
  }

  extended(data: HoldExtendedV1): Promise<void> {
    return this.tx.run(async (m) => {
      await m.update(KnownHold, { id: data.holdId, status: 'active' }, { expiresAt: new Date(data.expiresAt) });
    });
  }

  ended(data: HoldEndedV1, status: 'released' | 'expired'): Promise<void> {
    return this.tx.run(async (m) => {
      await m.update(KnownHold, { id: data.holdId, status: 'active' }, { status });
    });
  }

  /** inventory.allocated from a hold: its stock now belongs to the order. */
  converted(holdId: string): Promise<void> {
    return this.tx.run(async (m) => {
      await m.update(KnownHold, { id: holdId }, { status: 'converted' });
    });
  }

  /**
   * Marks the hold as carried by `orderId`, inside the placing transaction. The row lock makes two
   * orders racing for one hold take turns: the second sees the first's claim.
   */
  async claim(holdId: string, principal: string, orderId: string, now: Date): Promise<void> {
    const hold = await this.tx.manager.findOne(KnownHold, { where: { id: holdId }, lock: { mode: 'pessimistic_write' } });
    const refusal = holdRefusal(hold ?? undefined, principal, now);
    if (refusal) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Hold not usable', holdRefusalDetail(refusal, holdId), {
        type: 'urn:omni:problem:hold-not-usable',
        holdId,
        reason: refusal,
        errors: [{ field: 'holdId', message: holdRefusalDetail(refusal, holdId) }],
      });
    }
    await this.tx.manager.update(KnownHold, { id: holdId }, { orderId });
  }
}
