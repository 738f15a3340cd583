import { asyncApiDocument, PROBLEM_CATALOGUE, PROBLEMS } from '@omni/contracts';
import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { useLeanAsyncResourceBind } from '../context/lean-async-resource-bind';
import { correlationIdOf } from '../logging/correlation-id';
import { requestLogHook } from '../logging/logger.module';
import { requestContextHook, resumeRequestContext } from '../logging/request-context.hook';
import { httpMetricsHook } from '../metrics/http-metrics.hook';
import { buildOpenApiDocument } from '../openapi/openapi-document';
import { inputProblem } from './input-limits';
import { registerJsonBody } from './json-body';
import { problemDocument } from './problem-details';
import { sendProblem } from './problem-details.filter';
import { MAX_TARGET_PART_LENGTH, requestTargetFault, requestTargetGuard } from './request-target-guard';
import { securityHeaders, setSecurityHeaders } from './security-headers';
import { answerClientError, applyServerLimits, type ServerLimits } from './server-limits';

export interface HttpAppOptions {
  /** OpenAPI document title, e.g. "Inventory API". */
  title: string;
  /** Service name, e.g. "inventory". */
  service: string;
}

/**
 * How every service's Nest app is created (tests built with @nestjs/testing pass these too, with
 * createHttpAdapter). bodyParser: false keeps Nest from registering its parsers: configureHttpApp
 * registers the one the API takes, JSON.
 */
export const NEST_APP_OPTIONS = { bufferLogs: true, bodyParser: false } as const;

/** The Fastify adapter every service runs on, with the server limits of its configuration. */
export function createHttpAdapter(limits: ServerLimits): FastifyAdapter {
  return new FastifyAdapter({
    requestTimeout: limits.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: limits.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    clientErrorHandler: answerClientError,
    routerOptions: {
      // Express matched `/v1/holds/` as `/v1/holds`; clients written against it still may.
      ignoreTrailingSlash: true,
      // Fastify's default (100) would make a long path segment a 404; the request-target guard bounds it (percent-encoded: x3).
      maxParamLength: 3 * MAX_TARGET_PART_LENGTH,
    },
    // A path the router cannot decode is answered before any hook runs: the same 400 problem the guard gives.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      refuseUnroutable(error, request, reply),
  });
}

/**
 * Builds a service's HTTP application, configured but not listening. `appModule` must import
 * PlatformModule.forRoot(config) with this same config.
 */
export async function createHttpApp(
  appModule: Type<unknown> | DynamicModule,
  config: AppConfig,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  // abortOnError: false so a wiring error reaches the caller (runService prints it) instead of abort().
  const app = await NestFactory.create<NestFastifyApplication>(appModule, createHttpAdapter(config), {
    ...NEST_APP_OPTIONS,
    abortOnError: false,
  });
  if (app.get(AppConfig, { strict: false }) !== config) {
    await app.close();
    throw new Error(
      'createHttpApp: the app module must import PlatformModule.forRoot(config) with the config passed here',
    );
  }
  configureHttpApp(app, options);
  return app;
}

/** init() and Fastify's ready(): what a test needs before handing app.getHttpServer() to supertest. */
export async function initHttpApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const routesOf = new WeakMap<FastifyInstance, string[]>();

/**
 * `<METHOD> <path>` of every route the app's Fastify instance serves (Nest's controllers, the docs),
 * HEAD routes Fastify adds beside each GET left out. Every other path is Fastify's not-found handler.
 */
export function servedRoutes(app: NestFastifyApplication): string[] {
  return [...new Set(routesOf.get(app.getHttpAdapter().getInstance()) ?? [])].sort();
}

/**
 * The Fastify-level part of the pipeline, in order, and the limits of the server it listens with.
 * Split from createHttpApp so tests built with @nestjs/testing get the same pipeline.
 */
export function configureHttpApp(app: NestFastifyApplication, options: HttpAppOptions): void {
  const fastify = app.getHttpAdapter().getInstance();
  useLeanAsyncResourceBind(); // Fastify binds one per request with a body
  app.useLogger(app.get(Logger));
  // Fastify created the http.Server with the adapter; whoever calls listen() (runService, the test harness) gets these.
  applyServerLimits(app.getHttpServer(), app.get(AppConfig));
  const routes: string[] = [];
  routesOf.set(fastify, routes);
  fastify.addHook('onRoute', ({ method, url }) => {
    for (const m of Array.isArray(method) ? method : [method]) if (m !== 'HEAD') routes.push(`${m} ${url}`);
  });
  fastify.decorateRequest('principal', undefined);
  fastify.decorateRequest('idempotencyClaim', undefined);
  fastify.addHook('onRequest', requestContextHook);
  fastify.addHook('onRequest', requestLogHook());
  // First of what can answer, so every answer, a refusal by the hooks below included, carries them.
  fastify.addHook('onRequest', securityHeaders);
  fastify.addHook('onRequest', requestTargetGuard); // path and query under the rules bodies keep (input-limits.ts), before any is read
  fastify.addHook('onResponse', httpMetricsHook);
  registerJsonBody(fastify);
  fastify.addHook('preValidation', resumeRequestContext);
  app.enableShutdownHooks();
  setUpOpenApi(app, options);
}

function refuseUnroutable(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  setSecurityHeaders(request.url, reply.raw);
  const fault = requestTargetFault(request.url) ?? {
    field: '(path)',
    message: 'a path segment is not valid percent-encoded UTF-8',
  };
  const problem =
    error.code === 'FST_ERR_BAD_URL'
      ? inputProblem(fault, 'The request target').problem
      : problemDocument(PROBLEMS.invalidRequest);
  sendProblem(reply, problem, request.url.split('?')[0], correlationIdOf(request.raw));
}

function setUpOpenApi(app: NestFastifyApplication, options: HttpAppOptions): void {
  const document = buildOpenApiDocument(app, options);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // The event log's contract, generated from the same declarations consumers validate against.
  const events = JSON.stringify(asyncApiDocument());
  const problems = JSON.stringify(PROBLEM_CATALOGUE);
  // Public like the rest of /docs: integrators read the contract before they have a token.
  app
    .getHttpAdapter()
    .getInstance()
    .get('/docs/asyncapi.json', (_request, reply) => reply.type('application/json').send(events))
    .get('/docs/problems', (_request, reply) => reply.type('application/json').send(problems));
}
