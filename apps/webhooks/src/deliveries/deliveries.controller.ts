import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, mayActOnWebhookSubscription, notFoundProblem, Roles, type Principal } from '@omni/platform';
import { SubscriptionParams } from '../subscriptions/dto/subscription.dto';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Deliveries, type DeliveryView, type Page } from './deliveries.service';
import { DeliveryLogQuery, DeliveryParams } from './dto/delivery.dto';

/** The delivery log and manual redelivery, for whoever may act on the subscription (its channel, admins). */
@ApiTags('webhooks')
@Controller('v1/webhooks')
@Roles('admin', 'channel')
export class DeliveriesController {
  constructor(
    private readonly deliveries: Deliveries,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  /** Newest first, each delivery with every attempt (status code, error, duration). */
  @Get('subscriptions/:id/deliveries')
  async log(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: SubscriptionParams,
    @Query() query: DeliveryLogQuery,
  ): Promise<Page<DeliveryView>> {
    return this.deliveries.log(id, query, () => this.subscriptions.visible(principal, id));
  }

  /** 202: the worker sends it again shortly (whatever its status), with a fresh retry window; the log shows the attempt. */
  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  async redeliver(@CurrentPrincipal() principal: Principal, @Param() { id }: DeliveryParams): Promise<DeliveryView> {
    const channel = await this.deliveries.channelOf(id);
    if (channel === null || !mayActOnWebhookSubscription(principal, { channel }))
      throw notFoundProblem('webhook delivery', id);
    return this.deliveries.redeliver(id);
  }
}
