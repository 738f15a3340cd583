import type { DynamicModule } from '@nestjs/common';
import type { AppName } from '@omni/contracts';
import { messagingOptions, MessagingModule, ServiceTables1732400000000 } from '@omni/messaging';
import {
  DatabaseModule,
  IdempotencyKeysByAge1764000000000,
  IdempotencyPurgeModule,
  IdempotencyResponseBytes1766000000000,
  IdempotencyRecord,
  PlatformModule,
  type AppConfig,
  type DatabaseModuleOptions,
} from '@omni/platform';

/**
 * What every service imports before its features: the platform (auth, errors, health, logs), its
 * own schema, and the event log. The tables every service shares (outbox, inbox, idempotency keys)
 * are added here, first, so a service lists only its own entities and migrations.
 */
export function foundationModules(
  config: AppConfig,
  service: AppName,
  own: { entities: Array<new (...args: never[]) => unknown>; migrations: DatabaseModuleOptions['migrations'] },
): DynamicModule[] {
  return [
    PlatformModule.forRoot(config, { service }),
    DatabaseModule.forService({
      schema: service,
      entities: [IdempotencyRecord, ...own.entities],
      migrations: [
        ServiceTables1732400000000,
        ...own.migrations,
        IdempotencyKeysByAge1764000000000,
        IdempotencyResponseBytes1766000000000,
      ],
    }),
    MessagingModule.forRoot(messagingOptions(config, service)),
    { module: IdempotencyPurgeModule },
  ];
}
