import { asyncApiDocument } from '@omni/contracts';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { requestContextMiddleware } from '../logging/request-context.middleware';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { jsonBodyParser } from './json-body-parser';
import { requestTargetGuard } from './request-target-guard';
import { securityHeaders } from './security-headers';
import { applyServerLimits } from './server-limits';

export interface HttpAppOptions {
  /** OpenAPI document title, e.g. "Inventory API". */
  title: string;
  /** Service name, e.g. "inventory". */
  service: string;
}

/**
 * How every service's Nest app is created (tests built with @nestjs/testing pass these too).
 * bodyParser: false drops Nest's default JSON and urlencoded parsers: configureHttpApp adds the one
 * the API takes, JSON.
 */
export const NEST_APP_OPTIONS = { bufferLogs: true, bodyParser: false } as const;

/**
 * Builds a service's HTTP application, configured but not listening. `appModule` must import
 * PlatformModule.forRoot(config) with this same config.
 */
export async function createHttpApp(
  appModule: Type<unknown> | DynamicModule,
  config: AppConfig,
  options: HttpAppOptions,
): Promise<INestApplication> {
  // abortOnError: false so a wiring error reaches the caller (runService prints it) instead of abort().
  const app = await NestFactory.create<NestExpressApplication>(appModule, { ...NEST_APP_OPTIONS, abortOnError: false });
  if (app.get(AppConfig, { strict: false }) !== config) {
    await app.close();
    throw new Error('createHttpApp: the app module must import PlatformModule.forRoot(config) with the config passed here');
  }
  configureHttpApp(app, options);
  return app;
}

/**
 * The express-level part of the pipeline, in order, and the limits of the server it listens with.
 * Split from createHttpApp so tests built with @nestjs/testing get the same pipeline.
 */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions): void {
  app.useLogger(app.get(Logger));
  // Nest created the http.Server with the app; whoever calls listen() (runService, the test harness) gets these.
  applyServerLimits(app.getHttpServer() as Server, app.get(AppConfig));
  app.disable('x-powered-by');
  // Express would hash every response body for an ETag; the API's answers are live figures that no client revalidates.
  app.set('etag', false);
  app.use(requestContextMiddleware);
  app.use(httpMetricsMiddleware);
  // First of what can answer, so every answer, a refusal by the middlewares below included, carries them.
  app.use(securityHeaders);
  app.use(requestTargetGuard); // path and query under the rules bodies keep (input-limits.ts), before any is read
  // The one body parser: JSON; a form-encoded body is not parsed and fails validation.
  app.use(jsonBodyParser());
  app.enableShutdownHooks();
  setUpOpenApi(app, options);
}

function setUpOpenApi(app: INestApplication, { title, service }: HttpAppOptions): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setDescription(`The ${service} service's HTTP API`).setVersion('v1').addBearerAuth().addSecurityRequirements('bearer').build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // The event log's contract, generated from the same declarations consumers validate against.
  const events = asyncApiDocument();
  app.getHttpAdapter().get('/docs/asyncapi.json', (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(events));
  });
}
