import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, createHttpAdapter, loadConfig, NEST_APP_OPTIONS } from '@omni/platform';
import type { ServiceDefinition } from './create-service-app';

// Preview mode resolves no provider, so nothing connects: these only have to pass config validation.
const OFFLINE_ENV = {
  PORT: '0',
  DATABASE_URL: 'postgres://127.0.0.1:9/openapi',
  KAFKA_BROKERS: '127.0.0.1:9',
  JWT_SECRET: 'openapi-document-only-secret',
  LOG_LEVEL: 'silent',
};

/**
 * A service's OpenAPI document without Postgres or Kafka: its modules are scanned in Nest's preview
 * mode (controllers and their metadata, no instance), which is all the document is made of. The
 * document is the one the running service serves at /docs-json.
 */
export async function serviceOpenApiDocument(definition: ServiceDefinition): Promise<OpenAPIObject> {
  const config = loadConfig(OFFLINE_ENV);
  const app = await NestFactory.create(definition.module(config), createHttpAdapter(config), {
    ...NEST_APP_OPTIONS,
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app, { title: definition.title, service: definition.service });
  } finally {
    await app.close();
  }
}
