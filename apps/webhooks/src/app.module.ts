import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules } from '@omni/bootstrap';
import type { AppConfig } from '@omni/platform';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { Delivery, DeliveryAttempt } from './deliveries/delivery.entity';
import { webhooksMigrations } from './migrations';
import { KnownOrder, ParkedEvent } from './moments/known-order.entity';
import { MomentsModule } from './moments/moments.module';
import { Subscription } from './subscriptions/subscription.entity';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

/** Listed explicitly: bundlers break entity globs (nestjs/typeorm#52). */
const ENTITIES = [KnownOrder, ParkedEvent, Subscription, Delivery, DeliveryAttempt];

@Module({})
export class WebhooksModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        ...foundationModules(config, 'webhooks', { entities: ENTITIES, migrations: webhooksMigrations }),
        SubscriptionsModule,
        DeliveriesModule,
        MomentsModule,
      ],
    };
  }
}
