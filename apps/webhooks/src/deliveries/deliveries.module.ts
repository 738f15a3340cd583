import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { DeliveriesController } from './deliveries.controller';
import { Deliveries } from './deliveries.service';
import { DeliveryWorker } from './delivery-worker';
import { WebhookSender } from './webhook-sender';

@Module({
  imports: [SubscriptionsModule],
  controllers: [DeliveriesController],
  providers: [Deliveries, WebhookSender, DeliveryWorker],
  exports: [Deliveries],
})
export class DeliveriesModule {}
