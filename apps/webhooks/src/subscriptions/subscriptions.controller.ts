import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Idempotent, Roles, type Principal } from '@omni/platform';
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
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** The answer carries the signing secret, this once (and on a retry with the same Idempotency-Key). */
  @Post()
  @HttpCode(201)
  @Idempotent()
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSubscriptionDto,
  ): Promise<CreatedSubscriptionView> {
    return this.subscriptions.create(principal, body);
  }

  @Get()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSubscriptionsQuery,
  ): Promise<{ items: SubscriptionView[]; nextCursor: string | null }> {
    return this.subscriptions.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: SubscriptionParams): Promise<SubscriptionView> {
    return this.subscriptions.get(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param() { id }: SubscriptionParams): Promise<void> {
    await this.subscriptions.delete(principal, id);
  }
}
