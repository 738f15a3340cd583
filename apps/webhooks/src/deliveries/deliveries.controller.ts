import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import {
  ApiRoute,
  CurrentPrincipal,
  mayActOnWebhookSubscription,
  notFoundProblem,
  Roles,
  type Principal,
} from '@omni/platform';
import { SubscriptionParams } from '../subscriptions/dto/subscription.dto';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Deliveries, type DeliveryView, type Page } from './deliveries.service';
import { DELIVERY_EXAMPLE, DELIVERY_PAGE, DELIVERY_VIEW } from './dto/delivery.api';
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
  @ApiRoute({
    summary: 'A subscription’s delivery log, newest first, a page at a time',
    description:
      'Each delivery’s status and every attempt: its trigger, the receiver’s status code or why there was none, its duration. Not the body: it may carry a pickup code.',
    answers: { 200: DELIVERY_PAGE },
    problems: [PROBLEMS.notFound],
  })
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
  @ApiRoute({
    summary: 'Send a delivery again, whatever its status',
    description:
      'The worker sends the same body shortly (`trigger: redelivery` in the log), with a fresh 24 h retry window.',
    answers: {
      202: {
        schema: DELIVERY_VIEW,
        description: 'Accepted: `pending` until the worker has sent it',
        example: { ...DELIVERY_EXAMPLE, status: 'pending', nextAttemptAt: '2026-03-02T10:05:00.000Z' },
      },
    },
    problems: [PROBLEMS.notFound],
  })
  async redeliver(@CurrentPrincipal() principal: Principal, @Param() { id }: DeliveryParams): Promise<DeliveryView> {
    const channel = await this.deliveries.channelOf(id);
    if (channel === null || !mayActOnWebhookSubscription(principal, { channel }))
      throw notFoundProblem('webhook delivery', id);
    return this.deliveries.redeliver(id);
  }
}
