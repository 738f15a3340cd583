import { Module, type DynamicModule } from '@nestjs/common';
import { messagingOptions, MessagingModule } from '@omni/messaging';
import { DatabaseModule, IdempotencyRecord, PlatformModule, type AppConfig } from '@omni/platform';
import { returnsMigrations } from './migrations';

@Module({})
export class ReturnsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReturnsModule,
      imports: [
        PlatformModule.forRoot(config),
        DatabaseModule.forService({ schema: 'returns', entities: [IdempotencyRecord], migrations: returnsMigrations }),
        MessagingModule.forRoot(messagingOptions(config, 'returns')),
      ],
    };
  }
}
