import { Module, type DynamicModule } from '@nestjs/common';
import { messagingOptions, MessagingModule } from '@omni/messaging';
import { DatabaseModule, IdempotencyRecord, PlatformModule, type AppConfig } from '@omni/platform';
import { ordersMigrations } from './migrations';

@Module({})
export class OrdersModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OrdersModule,
      imports: [
        PlatformModule.forRoot(config),
        DatabaseModule.forService({ schema: 'orders', entities: [IdempotencyRecord], migrations: ordersMigrations }),
        MessagingModule.forRoot(messagingOptions(config, 'orders')),
      ],
    };
  }
}
