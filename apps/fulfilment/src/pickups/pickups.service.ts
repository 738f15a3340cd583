import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Injectable } from '@nestjs/common';
import { PickupExpired, PickupReminderDue, PROBLEMS } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { AppConfig, ProblemException, TransactionHost } from '@omni/platform';
import type { Task } from '../tasks/task.entity';
import { TaskStore } from '../tasks/task-store';
import { Pickup } from './pickup.entity';
import { formatCode, handoverOutcome, looksLikeCode, pickupWindow, type HandoverOutcome } from './pickups.rules';

const scryptAsync = promisify(scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

const hashCode = async (code: string, salt: string) => (await scryptAsync(code, salt, KEY_LENGTH)).toString('base64');

interface DueRow {
  fulfilmentOrderId: string;
  orderId: string;
  locationId: string;
  expiresAt: Date;
}

@Injectable()
export class PickupsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly config: AppConfig,
    private readonly tasks: TaskStore,
  ) {}

  /** Opens the pickup window with a fresh code; only its salted hash is kept, the code goes to the customer. */
  async issue(task: Task, now: Date): Promise<{ code: string; expiresAt: Date }> {
    const code = formatCode(randomInt(0, 1_000_000));
    const salt = randomBytes(16).toString('base64');
    const { expiresAt, remindAt } = pickupWindow(
      now,
      this.config.PICKUP_WINDOW_DAYS,
      this.config.PICKUP_REMINDER_DAYS_BEFORE,
    );
    await this.tx.manager.insert(Pickup, {
      fulfilmentOrderId: task.fulfilmentOrderId,
      taskId: task.id,
      orderId: task.orderId,
      locationId: task.locationId,
      codeHash: await hashCode(code, salt),
      codeSalt: salt,
      expiresAt,
      remindAt,
      status: 'waiting',
    });
    return { code, expiresAt };
  }

  /**
   * Replaces the code of a waiting pickup (the old one stops working) and clears its failed attempts and
   * lock; the window is unchanged. The new code goes to the customer's own channel, never to the counter,
   * so a lock still stops guessing there.
   */
  async reissue(fulfilmentOrderId: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
    const m = this.tx.manager;
    const pickup = await m.findOneOrFail(Pickup, { where: { fulfilmentOrderId }, lock: { mode: 'pessimistic_write' } });
    if (pickup.status !== 'waiting' || pickup.expiresAt <= now) {
      throw new ProblemException(
        PROBLEMS.pickupClosed,
        pickup.status !== 'waiting' ? `the pickup is ${pickup.status}` : 'the pickup window has closed',
      );
    }
    const code = formatCode(randomInt(0, 1_000_000));
    const salt = randomBytes(16).toString('base64');
    await m.update(
      Pickup,
      { fulfilmentOrderId },
      { codeHash: await hashCode(code, salt), codeSalt: salt, failedAttempts: 0, lockedAt: null, updatedAt: now },
    );
    return { code, expiresAt: pickup.expiresAt };
  }

  /** Checks a code under the pickup's row lock and records the outcome (a wrong code counts even though the caller refuses). */
  async attempt(fulfilmentOrderId: string, code: string, now: Date): Promise<HandoverOutcome> {
    const m = this.tx.manager;
    const pickup = await m.findOneOrFail(Pickup, { where: { fulfilmentOrderId }, lock: { mode: 'pessimistic_write' } });
    const presented = looksLikeCode(code)
      ? Buffer.from(await hashCode(code, pickup.codeSalt), 'base64')
      : Buffer.alloc(KEY_LENGTH);
    const matches = looksLikeCode(code) && timingSafeEqual(presented, Buffer.from(pickup.codeHash, 'base64'));
    const state = {
      status: pickup.status,
      failedAttempts: pickup.failedAttempts,
      locked: pickup.lockedAt !== null,
      expiresAt: pickup.expiresAt,
    };
    const outcome = handoverOutcome(state, matches, now);
    if (outcome.kind === 'picked_up')
      await m.update(Pickup, { fulfilmentOrderId }, { status: 'picked_up', updatedAt: now });
    if (outcome.kind === 'wrong_code' || (outcome.kind === 'locked' && !state.locked)) {
      await m.update(
        Pickup,
        { fulfilmentOrderId },
        { failedAttempts: pickup.failedAttempts + 1, lockedAt: outcome.kind === 'locked' ? now : null, updatedAt: now },
      );
    }
    return outcome;
  }

  async view(fulfilmentOrderIds: readonly string[]): Promise<Map<string, Pickup>> {
    if (!fulfilmentOrderIds.length) return new Map();
    const rows = await this.tx.manager.query(
      `SELECT fulfilment_order_id AS "fulfilmentOrderId", expires_at AS "expiresAt", status, failed_attempts AS "failedAttempts", locked_at AS "lockedAt", reminded_at AS "remindedAt"
       FROM pickups WHERE fulfilment_order_id = ANY($1::uuid[])`,
      [fulfilmentOrderIds],
    );
    return new Map((rows as Pickup[]).map((p) => [p.fulfilmentOrderId, p]));
  }

  cancel(fulfilmentOrderIds: readonly string[]): Promise<void> {
    if (!fulfilmentOrderIds.length) return Promise.resolve();
    return this.tx.run(async (m) => {
      await m.query(
        `UPDATE pickups SET status = 'cancelled', updated_at = now() WHERE fulfilment_order_id = ANY($1::uuid[]) AND status = 'waiting'`,
        [fulfilmentOrderIds],
      );
    });
  }

  /** Reminds once, before expiry; replicas share the work through SKIP LOCKED. Returns how many it handled. */
  remindDue(batch: number, now: Date): Promise<number> {
    return this.tx.run(async (m) => {
      const due: DueRow[] = await m.query(
        `SELECT fulfilment_order_id AS "fulfilmentOrderId", order_id AS "orderId", location_id AS "locationId", expires_at AS "expiresAt"
         FROM pickups WHERE status = 'waiting' AND reminded_at IS NULL AND remind_at <= $1 AND expires_at > $1
         ORDER BY remind_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, batch],
      );
      if (!due.length) return 0;
      await m.query(`UPDATE pickups SET reminded_at = $2 WHERE fulfilment_order_id = ANY($1::uuid[])`, [
        due.map((d) => d.fulfilmentOrderId),
        now,
      ]);
      for (const d of due) {
        this.events.publish(PickupReminderDue, d.orderId, {
          orderId: d.orderId,
          fulfilmentOrderId: d.fulfilmentOrderId,
          locationId: d.locationId,
          expiresAt: d.expiresAt.toISOString(),
        });
      }
      return due.length;
    });
  }

  /** No-shows: the pickup and its task expire and orders is told, which cancels the lines (inventory then releases them). */
  expireDue(batch: number, now: Date): Promise<number> {
    return this.tx.run(async (m) => {
      const due: DueRow[] = await m.query(
        `SELECT fulfilment_order_id AS "fulfilmentOrderId", order_id AS "orderId", location_id AS "locationId", expires_at AS "expiresAt"
         FROM pickups WHERE status = 'waiting' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, batch],
      );
      if (!due.length) return 0;
      const ids = due.map((d) => d.fulfilmentOrderId);
      await m.query(
        `UPDATE pickups SET status = 'expired', updated_at = $2 WHERE fulfilment_order_id = ANY($1::uuid[])`,
        [ids, now],
      );
      await this.tasks.expireUncollected(ids, now);
      const lines: Array<{ fulfilmentOrderId: string; orderLineId: string; sku: string; qty: number }> = await m.query(
        `SELECT fulfilment_order_id AS "fulfilmentOrderId", order_line_id AS "orderLineId", sku, qty FROM fulfilment_order_lines
         WHERE fulfilment_order_id = ANY($1::uuid[]) AND status = 'picked' ORDER BY order_line_id`,
        [ids],
      );
      for (const d of due) {
        const own = lines
          .filter((l) => l.fulfilmentOrderId === d.fulfilmentOrderId)
          .map(({ orderLineId, sku, qty }) => ({ orderLineId, sku, qty }));
        if (own.length)
          this.events.publish(PickupExpired, d.orderId, {
            orderId: d.orderId,
            fulfilmentOrderId: d.fulfilmentOrderId,
            lines: own,
          });
      }
      return due.length;
    });
  }
}
