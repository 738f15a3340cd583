import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '@omni/contracts';
import {
  AppConfig,
  CursorCodec,
  forbiddenProblem,
  mayActOnWebhookSubscription,
  notFoundProblem,
  principalKey,
  TransactionHost,
  validationProblem,
  type Principal,
  type ProblemException,
} from '@omni/platform';
import {
  DEFAULT_SUBSCRIPTION_PAGE,
  type CreatedSubscriptionView,
  type CreateSubscriptionDto,
  type ListSubscriptionsQuery,
  type SubscriptionView,
} from './dto/subscription.dto';
import { Subscription } from './subscription.entity';
import { newSecret, subscriptionChannel, webhookUrlFault } from './subscriptions.rules';

// Milliseconds, as the cursor carries them.
const CREATED_MS = `date_trunc('milliseconds', s.created_at)`;

export function subscriptionNotFound(id: string): ProblemException {
  // Also the answer for another channel's: its existence is not disclosed.
  return notFoundProblem('webhook subscription', id);
}

const viewOf = (s: Subscription): SubscriptionView => ({
  id: s.id,
  channel: s.channel,
  url: s.url,
  eventTypes: s.eventTypes,
  description: s.description,
  createdAt: s.createdAt.toISOString(),
});

/** A channel's webhook subscriptions: made by its clients or an admin, seen and deleted only by them. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly cursors: CursorCodec,
    private readonly config: AppConfig,
  ) {}

  async create(principal: Principal, dto: CreateSubscriptionDto): Promise<CreatedSubscriptionView> {
    const channel = subscriptionChannel(principal, dto.channel ?? undefined);
    if (channel === 'forbidden')
      throw forbiddenProblem(`may not subscribe to the events of channel "${dto.channel ?? '(none)'}"`);
    if (channel === 'missing')
      throw validationProblem([{ field: 'channel', message: 'channel must be named by an admin' }]);
    const fault = webhookUrlFault(dto.url, this.config.NODE_ENV === 'production');
    if (fault) throw validationProblem([{ field: 'url', message: `url ${fault}` }]);
    const subscription: Subscription = {
      id: randomUUID(),
      channel,
      url: dto.url,
      eventTypes: dto.eventTypes,
      description: dto.description ?? null,
      secret: newSecret(),
      createdBy: principalKey(principal),
      createdAt: new Date(),
    };
    await this.tx.manager.insert(Subscription, subscription);
    return { ...viewOf(subscription), secret: subscription.secret };
  }

  /** Oldest first; a channel client's page is its own channel's whatever it asks, and naming another is a 403. */
  async list(
    principal: Principal,
    query: ListSubscriptionsQuery,
  ): Promise<{ items: SubscriptionView[]; nextCursor: string | null }> {
    if (principal.role === 'channel' && query.channel && query.channel !== principal.channel) {
      throw forbiddenProblem(`may not list the subscriptions of channel "${query.channel}"`);
    }
    const channel = principal.role === 'admin' ? query.channel : (principal.channel ?? null);
    const limit = query.limit ?? DEFAULT_SUBSCRIPTION_PAGE;
    const list = `webhook subscriptions ${channel === undefined ? '*' : channel}`;
    const cursor = query.cursor ? this.cursors.decodeKeyset(list, query.cursor, UUID_PATTERN) : undefined;
    const qb = this.tx.manager
      .createQueryBuilder(Subscription, 's')
      .orderBy(CREATED_MS, 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1);
    if (channel !== undefined) qb.andWhere('s.channel = :channel', { channel });
    if (cursor)
      qb.andWhere(`(${CREATED_MS}, s.id) > (:cursorAt::timestamptz, :cursorId::uuid)`, {
        cursorAt: cursor.at,
        cursorId: cursor.id,
      });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(viewOf),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encodeKeyset(list, { at: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }

  async get(principal: Principal, id: string): Promise<SubscriptionView> {
    return viewOf(await this.visible(principal, id));
  }

  /** Its deliveries go with it, pending ones included: nothing more is sent to its URL. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      await this.visible(principal, id, true);
      await m.delete(Subscription, { id });
    });
  }

  /** The subscription if the principal may act on it; the same 404 whether it is missing or another channel's. */
  async visible(principal: Principal, id: string, lock = false): Promise<Subscription> {
    const subscription = await this.tx.manager.findOne(Subscription, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!subscription || !mayActOnWebhookSubscription(principal, subscription)) throw subscriptionNotFound(id);
    return subscription;
  }
}
