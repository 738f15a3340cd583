import { Module, type DynamicModule } from '@nestjs/common';
import { messagingOptions, MessagingModule } from '@omni/messaging';
import { DatabaseModule, IdempotencyRecord, PlatformModule, type AppConfig } from '@omni/platform';
import { fulfilmentMigrations } from './migrations';

@Module({})
export class FulfilmentModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: FulfilmentModule,
      imports: [
        PlatformModule.forRoot(config),
        DatabaseModule.forService({ schema: 'fulfilment', entities: [IdempotencyRecord], migrations: fulfilmentMigrations }),
        MessagingModule.forRoot(messagingOptions(config, 'fulfilment')),
      ],
    };
  }
}
