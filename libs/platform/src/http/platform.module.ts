import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuthGuard } from '../auth/auth.guard';
import { AppConfig } from '../config/app-config';
import { HealthController } from '../health/health.controller';
import { PostgresReadiness } from '../health/postgres-readiness';
import { ReadinessRegistry } from '../health/readiness.registry';
import { createLoggerModule } from '../logging/logger.module';
import { MetricsController } from '../metrics/metrics.controller';
import { CursorCodec } from './keyset-cursor';
import { ProblemDetailsFilter } from './problem-details.filter';
import { StreamSlots } from './stream-slots';
import { createValidationPipe } from './validation';

export interface PlatformOptions {
  /** Added to every log line as `service`. */
  service?: string;
}

/**
 * What every service's HTTP side shares. The global pipe, filter and guard are registered here as
 * APP_* providers (and only here), so a test module that imports this gets exactly the production
 * behaviour; the idempotency interceptor travels with @Idempotent() routes themselves. Expects
 * TransactionHost and DataSource to be provided
 * globally (DatabaseModule).
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [createLoggerModule(config, options.service)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: AppConfig, useValue: config },
        ReadinessRegistry,
        PostgresReadiness,
        CursorCodec,
        StreamSlots,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AppConfig, ReadinessRegistry, CursorCodec, StreamSlots],
    };
  }
}
