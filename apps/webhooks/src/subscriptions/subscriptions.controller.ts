import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { ApiRoute, ApiWebhooks, CurrentPrincipal, Idempotent, noContent, Roles, type Principal } from '@omni/platform';
import { WEBHOOK_DELIVERIES } from '../moments/dto/webhook.api';
import {
  CREATED_SUBSCRIPTION_EXAMPLE,
  CREATED_SUBSCRIPTION_VIEW,
  SUBSCRIBE_EXAMPLE,
  SUBSCRIPTION_PAGE,
  SUBSCRIPTION_VIEW,
} from './dto/subscription.api';
import {
  CreateSubscriptionDto,
  ListSubscriptionsQuery,
  SubscriptionParams,
  type CreatedSubscriptionView,
  type SubscriptionView,
} from './dto/subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

/** Admins and channel clients (for their own channel); stores never hear of webhooks. */
@ApiTags('webhooks')
@Controller('v1/webhooks/subscriptions')
@Roles('admin', 'channel')
@ApiWebhooks(WEBHOOK_DELIVERIES)
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** The answer carries the signing secret, this once (and on a retry with the same Idempotency-Key). */
  @Post()
  @HttpCode(201)
  @Idempotent()
  @ApiRoute({
    summary: 'Subscribe a URL to webhook types of a channel’s orders',
    description:
      'A channel client subscribes for its own channel (`channel` left out, or its own; another is a 403); an admin names the `channel` (a 400 without one). ' +
      'The URL must be http(s), without credentials or a fragment (in production: https, never loopback or a private network). ' +
      'The answer carries the signing `secret`, this once. Only what happens after the subscription is sent; each type’s body is in the document’s `webhooks`.',
    answers: {
      201: { schema: CREATED_SUBSCRIPTION_VIEW, description: 'Subscribed', example: CREATED_SUBSCRIPTION_EXAMPLE },
    },
    problems: [PROBLEMS.forbidden],
    requestExample: SUBSCRIBE_EXAMPLE,
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSubscriptionDto,
  ): Promise<CreatedSubscriptionView> {
    return this.subscriptions.create(principal, body);
  }

  @Get()
  @ApiRoute({
    summary: 'List the channel’s webhook subscriptions, oldest first, a page at a time',
    description:
      'A channel client sees its own channel’s (naming another is a 403); an admin sees every channel’s, or one `channel`. Never the secret.',
    answers: { 200: SUBSCRIPTION_PAGE },
    problems: [PROBLEMS.forbidden],
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSubscriptionsQuery,
  ): Promise<{ items: SubscriptionView[]; nextCursor: string | null }> {
    return this.subscriptions.list(principal, query);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'Read a webhook subscription (never its secret)',
    description: 'Another channel’s reads like a missing one (404).',
    answers: { 200: SUBSCRIPTION_VIEW },
    problems: [PROBLEMS.notFound],
  })
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: SubscriptionParams): Promise<SubscriptionView> {
    return this.subscriptions.get(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Delete a webhook subscription and its deliveries, pending ones included',
    description: 'Nothing more is sent to its URL. Another channel’s reads like a missing one (404).',
    answers: { 204: noContent('Deleted') },
    problems: [PROBLEMS.notFound],
  })
  async delete(@CurrentPrincipal() principal: Principal, @Param() { id }: SubscriptionParams): Promise<void> {
    await this.subscriptions.delete(principal, id);
  }
}
