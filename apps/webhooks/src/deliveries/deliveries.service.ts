import { Injectable } from '@nestjs/common';
import { UUID_PATTERN, type EventEnvelope } from '@omni/contracts';
import { AppConfig, CursorCodec, queryRows, TransactionHost } from '@omni/platform';
import { In } from 'typeorm';
import type { KnownOrderFacts, Webhook, WebhookEventType } from '../moments/moments.rules';
import { DEFAULT_DELIVERY_PAGE, type DeliveryLogQuery } from './dto/delivery.dto';
import { isSuccess, nextAttemptAt, type RetryPolicy } from './deliveries.rules';
import { Delivery, DeliveryAttempt, type AttemptTrigger, type DeliveryStatus } from './delivery.entity';

/** A due delivery claimed by one replica until `lease` is answered or its lease runs out. */
export interface ClaimedDelivery {
  id: string;
  lease: string;
  eventId: string;
  eventType: string;
  body: string;
  url: string;
  secret: string;
  trigger: AttemptTrigger;
}

export interface AttemptOutcome {
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** What became of a delivery after an attempt: `superseded` when a redelivery or another replica took it over meanwhile. */
export type Settlement = 'delivered' | 'retrying' | 'given-up' | 'superseded' | 'gone';

export interface AttemptView {
  attempt: number;
  trigger: AttemptTrigger;
  attemptedAt: string;
  /** The receiver's status code; null when it never answered (see `error`). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  /** The event's id: the body's `id` and the `Omni-Event-Id` header, the same on every attempt. */
  eventId: string;
  type: WebhookEventType;
  orderId: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Every attempt, oldest first. The body is not shown: it may carry the customer's pickup code. */
  attempts: AttemptView[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface ClaimRow {
  id: string;
  lease: string;
  event_id: string;
  event_type: string;
  body: string;
  url: string;
  secret: string;
  attempts: number;
  redelivery_requested: boolean;
}

interface CountRow {
  attempts: number;
  lease: string | null;
  window_started_at: Date;
  window_failures: number;
}

// Milliseconds, as the cursor carries them.
const CREATED_MS = `date_trunc('milliseconds', d.created_at)`;

/** Deliveries: made for each subscription an event concerns, claimed by the worker, answered, logged, redelivered. */
@Injectable()
export class Deliveries {
  private readonly policy: RetryPolicy;

  constructor(
    private readonly tx: TransactionHost,
    private readonly cursors: CursorCodec,
    config: AppConfig,
  ) {
    this.policy = {
      baseMs: config.WEBHOOK_RETRY_BASE_MS,
      maxMs: config.WEBHOOK_RETRY_MAX_MS,
      giveUpAfterMs: config.WEBHOOK_GIVE_UP_AFTER_MS,
    };
  }

  /**
   * One delivery per subscription of the order's channel to this webhook type that existed when the event
   * happened (a new subscription is not sent the past); an event seen twice finds its deliveries made.
   */
  async fanOut(
    event: Pick<EventEnvelope, 'id' | 'occurredAt'>,
    order: KnownOrderFacts,
    webhook: Webhook,
    body: string,
  ): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO deliveries (id, subscription_id, event_id, event_type, order_id, body, status, next_attempt_at, window_started_at, created_at)
       SELECT gen_random_uuid(), s.id, $1, $2, $3, $4, 'pending', now(), now(), now()
         FROM subscriptions s
        WHERE s.channel = $5 AND $2 = ANY (s.event_types) AND s.created_at <= $6
       ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [event.id, webhook.type, order.orderId, body, order.channel, event.occurredAt],
    );
  }

  /**
   * Claims up to `limit` due deliveries for this replica: SKIP LOCKED lets replicas claim side by side, and the
   * lease (the next attempt pushed past the attempt's timeout) hands a delivery to another replica only if this
   * one died with it.
   */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.tx.run(async (m) => {
      const rows = await queryRows<ClaimRow>(
        m,
        `WITH due AS (
           SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
         )
         UPDATE deliveries d SET lease = gen_random_uuid(), next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
           FROM due, subscriptions s
          WHERE d.id = due.id AND s.id = d.subscription_id
         RETURNING d.id, d.lease, d.event_id, d.event_type, d.body, d.attempts, d.redelivery_requested, s.url, s.secret`,
        [limit, leaseMs],
      );
      return rows.map((r) => ({
        id: r.id,
        lease: r.lease,
        eventId: r.event_id,
        eventType: r.event_type,
        body: r.body,
        url: r.url,
        secret: r.secret,
        trigger: r.redelivery_requested ? 'redelivery' : r.attempts === 0 ? 'event' : 'retry',
      }));
    });
  }

  /**
   * Logs the attempt, then, if the claim still holds (no redelivery or other replica took it meanwhile), settles
   * the delivery: delivered, another attempt after the backoff, or given up once the retry window is over.
   */
  record(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<Settlement> {
    return this.tx.run(async (m): Promise<Settlement> => {
      const [row] = await queryRows<CountRow>(
        m,
        `UPDATE deliveries SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts, lease, window_started_at, window_failures`,
        [claim.id],
      );
      if (!row) return 'gone'; // its subscription was deleted meanwhile
      await m.insert(DeliveryAttempt, {
        deliveryId: claim.id,
        attempt: row.attempts,
        trigger: claim.trigger,
        ...outcome,
      });
      if (row.lease !== claim.lease) return 'superseded';
      const settled = { lease: null, redeliveryRequested: false };
      if (isSuccess(outcome.statusCode)) {
        await m.update(
          Delivery,
          { id: claim.id },
          { ...settled, status: 'delivered', deliveredAt: outcome.attemptedAt, nextAttemptAt: null },
        );
        return 'delivered';
      }
      const failures = row.window_failures + 1;
      const next = nextAttemptAt(
        new Date(outcome.attemptedAt.getTime() + outcome.durationMs),
        row.window_started_at,
        failures,
        this.policy,
      );
      await m.update(
        Delivery,
        { id: claim.id },
        {
          ...settled,
          windowFailures: failures,
          ...(next ? { nextAttemptAt: next } : { status: 'failed', nextAttemptAt: null }),
        },
      );
      return next ? 'retrying' : 'given-up';
    });
  }

  /** The channel of the delivery's subscription (for an access check), or null when there is no such delivery. */
  async channelOf(id: string): Promise<string | null> {
    const [row] = await this.tx.manager.query(
      `SELECT s.channel FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
      [id],
    );
    return row?.channel ?? null;
  }

  /** Sends it again as soon as the worker gets to it, whatever its status, with a fresh retry window. */
  async redeliver(id: string): Promise<DeliveryView> {
    await this.tx.manager.query(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = now(), window_started_at = now(), window_failures = 0, redelivery_requested = true, lease = NULL
        WHERE id = $1`,
      [id],
    );
    const delivery = await this.tx.manager.findOneOrFail(Delivery, { where: { id } });
    return (await this.views([delivery]))[0];
  }

  /**
   * A subscription's deliveries, newest first, each with its attempts; a cursor is good for this subscription's log
   * only. `authorise` (may the caller read the subscription?) runs after the cursor is checked: bad input is a 400 before any 404.
   */
  async log(
    subscriptionId: string,
    query: DeliveryLogQuery,
    authorise: () => Promise<unknown>,
  ): Promise<Page<DeliveryView>> {
    const limit = query.limit ?? DEFAULT_DELIVERY_PAGE;
    const list = `webhook deliveries ${subscriptionId}`;
    const cursor = query.cursor ? this.cursors.decodeKeyset(list, query.cursor, UUID_PATTERN) : undefined;
    await authorise();
    const qb = this.tx.manager
      .createQueryBuilder(Delivery, 'd')
      .where('d.subscription_id = :subscriptionId', { subscriptionId })
      .orderBy(CREATED_MS, 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (cursor)
      qb.andWhere(`(${CREATED_MS}, d.id) < (:cursorAt::timestamptz, :cursorId::uuid)`, {
        cursorAt: cursor.at,
        cursorId: cursor.id,
      });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(page),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encodeKeyset(list, { at: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }

  private async views(deliveries: readonly Delivery[]): Promise<DeliveryView[]> {
    const ids = deliveries.map((d) => d.id);
    const attempts = ids.length
      ? await this.tx.manager.find(DeliveryAttempt, { where: { deliveryId: In(ids) }, order: { attempt: 'ASC' } })
      : [];
    return deliveries.map((d) => ({
      id: d.id,
      subscriptionId: d.subscriptionId,
      eventId: d.eventId,
      type: d.eventType,
      orderId: d.orderId,
      status: d.status,
      attemptCount: d.attempts,
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      attempts: attempts
        .filter((a) => a.deliveryId === d.id)
        .map((a) => ({
          attempt: a.attempt,
          trigger: a.trigger,
          attemptedAt: a.attemptedAt.toISOString(),
          statusCode: a.statusCode,
          error: a.error,
          durationMs: a.durationMs,
        })),
    }));
  }
}
