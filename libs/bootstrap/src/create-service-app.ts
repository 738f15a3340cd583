import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppName } from '@omni/contracts';
import { startMessaging } from '@omni/messaging';
import { createHttpApp, type AppConfig } from '@omni/platform';

export interface ServiceDefinition {
  service: AppName;
  title: string;
  defaultPort: number;
  /** The service's root module, built from its validated configuration. */
  module: (config: AppConfig) => DynamicModule;
}

/** Builds a service as one process: its HTTP API, its outbox relay and its event consumer. */
export async function createServiceApp(
  definition: ServiceDefinition,
  config: AppConfig,
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(definition.module(config), config, {
    title: definition.title,
    service: definition.service,
  });
  await app.init();
  await startMessaging(app, config);
  return app;
}
