import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { NestContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CATALOGUE, PROBLEMS, type ProblemType } from '@omni/contracts';
import { IS_PUBLIC, LOCATION_SELECTOR, REQUIRED_ROLES } from '../auth/auth.decorators';
import { ROLES, type Role } from '../auth/principal';
import { MAX_KEY_LENGTH } from '../idempotency/idempotency.interceptor';
import { IDEMPOTENT } from '../idempotency/idempotent.metadata';
import {
  API_ROUTE,
  API_WEBHOOKS,
  type Answer,
  type ApiRouteSpec,
  type ApiWebhookSpec,
  type NoContent,
} from './api-route.decorator';
import { problemResponse, PROBLEM } from './problem-responses';
import { dtoSchemas, type DtoClass } from './request-schemas';
import { componentOf, type Schema } from './schema';

export interface OpenApiInfo {
  /** e.g. "Inventory". */
  title: string;
  /** e.g. "inventory". */
  service: string;
}

const PROBLEMS_NOTE =
  'Errors are `application/problem+json` (RFC 9457). Every problem `type` an omni service answers with is listed, ' +
  'with its status, when it happens and what to do, in `x-problem-types` below and at `/docs/problems`; each operation ' +
  'lists the statuses it answers with and, for each, the problem types. Two answers come from the HTTP server before ' +
  'any route is chosen, so no operation lists them: `408` (`urn:omni:problem:request-timeout`, a request not received ' +
  'in time) and `431` (`urn:omni:problem:headers-too-large`).';

const AUTH_NOTE =
  'A signed bearer token (JWT, HS256) carrying `role` (`admin`, `channel` or `store`), `channel`, `locations` and `sub`. ' +
  'Each operation says which roles may call it (`x-roles`).';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Handler {
  controller: Type<unknown>;
  method: string;
  fn: (...args: unknown[]) => unknown;
}

type Operation = Record<string, unknown> & { operationId: string; tags?: string[] };

const PLAIN = new Set<unknown>([Object, String, Number, Boolean, Array]);

/**
 * The service's OpenAPI 3.1 document, generated from its controllers: Nest's swagger module lays out
 * the paths and operations, and each operation is then described from the code itself: path, query
 * and body schemas from the DTOs' class-validator metadata, answers from the route's @ApiRoute, roles
 * from @Roles, and the problems the pipeline gives every route like it.
 */
export function buildOpenApiDocument(app: INestApplication, { title, service }: OpenApiInfo): OpenAPIObject {
  const base = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(title)
    .setDescription(`The ${service} service's HTTP API. ${PROBLEMS_NOTE}`)
    .setVersion('v1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', `this ${service} service`)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: AUTH_NOTE }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, base, {
    operationIdFactory: (controller, method) => `${controller}.${method}`,
  });
  const handlers = handlersOf(app);
  const schemas = new Map<string, Schema>();
  const gaps: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const verb of HTTP_METHODS) {
      const operation = item[verb] as Operation | undefined;
      if (!operation) continue;
      const handler = handlers.get(operation.operationId);
      if (!handler) throw new Error(`OpenAPI: no handler for ${operation.operationId}`);
      (item as Record<string, unknown>)[verb] = describeOperation(path, verb, operation, handler, schemas, (gap) =>
        gaps.push(`${verb.toUpperCase()} ${path}: ${gap}`),
      );
    }
  }
  const webhooks = webhooksOf(app, schemas);
  document.components = {
    securitySchemes: document.components?.securitySchemes,
    schemas: Object.fromEntries([...schemas].sort(([a], [b]) => a.localeCompare(b))),
  };
  // Where a problem's `type` is dereferenced: the one catalogue, the same in every service. What the
  // builder could not say from the code is listed, not thrown: a test app's probe routes need no
  // contract, and each service's document spec requires the list to be absent.
  return Object.assign(
    document,
    webhooks ? { webhooks } : {},
    { 'x-problem-types': PROBLEM_CATALOGUE },
    gaps.length > 0 ? { 'x-undocumented': gaps } : {},
  );
}

function controllersOf(app: INestApplication): Type<unknown>[] {
  // The swagger module reads the same container (SwaggerScanner): no public API lists controllers.
  const { container } = app as unknown as { container: NestContainer };
  return [...container.getModules().values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type<unknown>),
  );
}

function handlersOf(app: INestApplication): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const controller of controllersOf(app)) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const fn = (controller.prototype as Record<string, unknown>)[method];
      if (method !== 'constructor' && typeof fn === 'function')
        handlers.set(`${controller.name}.${method}`, { controller, method, fn: fn as Handler['fn'] });
    }
  }
  return handlers;
}

/**
 * The document's `webhooks` (OpenAPI 3.1), from the controllers' @ApiWebhooks(): each a POST the service
 * makes to a subscriber's URL, with its headers, its body's schema and what the receiver's answer means.
 */
function webhooksOf(app: INestApplication, schemas: Map<string, Schema>): Record<string, unknown> | undefined {
  const declared = controllersOf(app).flatMap((controller) =>
    Object.entries((Reflect.getMetadata(API_WEBHOOKS, controller) ?? {}) as Record<string, ApiWebhookSpec>),
  );
  if (declared.length === 0) return undefined;
  const webhooks: Record<string, unknown> = {};
  for (const [name, spec] of declared) {
    if (webhooks[name]) throw new Error(`OpenAPI: two webhooks named ${name}`);
    webhooks[name] = {
      post: {
        operationId: `webhook_${name.replace(/[^A-Za-z0-9]+/g, '_')}`,
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        tags: ['webhooks'],
        // The service calls the subscriber's URL: no bearer token goes with it (the signature says who sent it).
        security: [],
        parameters: Object.entries(spec.headers ?? {}).map(([header, { description, schema, example }]) => ({
          name: header,
          in: 'header',
          required: true,
          description,
          schema,
          ...(example === undefined ? {} : { example }),
        })),
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: collect(spec.payload, schemas),
              ...(spec.example === undefined ? {} : { example: spec.example }),
            },
          },
        },
        responses: Object.fromEntries(
          Object.entries(spec.answers).map(([status, description]) => [status, { description }]),
        ),
      },
    };
  }
  return webhooks;
}

function metadata<T>(key: string, { fn, controller }: Handler): T | undefined {
  return (Reflect.getMetadata(key, fn) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
}

/** The DTO class of each @Body(), @Query() and @Param() the handler takes whole. */
function inputsOf(
  { controller, method }: Handler,
  gap: (what: string) => void,
): Partial<Record<'body' | 'query' | 'path', DtoClass>> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as DtoClass[];
  const inputs: Partial<Record<'body' | 'query' | 'path', DtoClass>> = {};
  const where: Record<number, 'body' | 'query' | 'path'> = {
    [RouteParamtypes.BODY]: 'body',
    [RouteParamtypes.QUERY]: 'query',
    [RouteParamtypes.PARAM]: 'path',
  };
  for (const [key, { index, data }] of Object.entries(args)) {
    const kind = where[Number(key.split(':')[0])];
    if (!kind) continue;
    const type = types[index];
    if (data !== undefined || typeof type !== 'function' || PLAIN.has(type))
      gap(`its ${kind} is not one DTO class taken whole`);
    else inputs[kind] = type;
  }
  return inputs;
}

function describeOperation(
  path: string,
  verb: string,
  operation: Operation,
  handler: Handler,
  schemas: Map<string, Schema>,
  gap: (what: string) => void,
): Record<string, unknown> {
  const name = `${handler.controller.name}.${handler.method}`;
  const spec: ApiRouteSpec = metadata<ApiRouteSpec>(API_ROUTE, handler) ?? {
    summary: name,
    answers: { 200: { schema: {}, description: 'Undocumented' } },
  };
  if (!metadata<ApiRouteSpec>(API_ROUTE, handler)) gap('no @ApiRoute() says what it answers');
  const isPublic = metadata<boolean>(IS_PUBLIC, handler) === true;
  const roles = metadata<Role[]>(REQUIRED_ROLES, handler) ?? [...ROLES];
  const locationScoped = metadata<unknown>(LOCATION_SELECTOR, handler) !== undefined;
  const idempotent = metadata<unknown>(IDEMPOTENT, handler) !== undefined;
  const inputs = inputsOf(handler, gap);
  const use = (schema: Schema): Schema => collect(schema, schemas);

  const parameters = [
    ...parametersOf('path', inputs.path, path, schemas, gap),
    ...parametersOf('query', inputs.query, path, schemas, gap),
  ];
  for (const [header, { description, schema, example }] of Object.entries(spec.headers ?? {}))
    parameters.push({
      name: header,
      in: 'header',
      required: false,
      description,
      schema,
      ...(example === undefined ? {} : { example }),
    });
  if (idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'A retry with the same key gets the first answer (`Idempotent-Replayed: true`); the same key with another request is a 422.',
      schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH },
    });
  }

  const problems = new Set<ProblemType>([
    PROBLEMS.invalidRequest,
    ...(spec.problems ?? []),
    PROBLEMS.internalError,
    PROBLEMS.retryable,
  ]);
  if (!isPublic) problems.add(PROBLEMS.unauthorized);
  if (roles.length < ROLES.length || locationScoped) problems.add(PROBLEMS.forbidden);
  if (inputs.body) [PROBLEMS.payloadTooLarge, PROBLEMS.unsupportedMediaType].forEach((p) => problems.add(p));
  if (idempotent) [PROBLEMS.idempotencyKeyReused, PROBLEMS.conflict].forEach((p) => problems.add(p));
  if (verb !== 'get') problems.add(PROBLEMS.conflict);

  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(spec.answers))
    responses[status] = successResponse(answer as Answer, idempotent, use);
  const byStatus = new Map<number, ProblemType[]>();
  for (const p of problems) byStatus.set(p.status, [...(byStatus.get(p.status) ?? []), p]);
  for (const [status, types] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (responses[status]) throw new Error(`OpenAPI: ${name} answers ${status} both as a success and as a problem`);
    responses[status] = problemResponse(status, types, path);
  }
  collect(PROBLEM, schemas);

  const who = isPublic
    ? 'Public: no token needed.'
    : `**Roles:** ${roles.join(', ')}${locationScoped ? ' (a store only at its own locations)' : ''}.`;
  return {
    operationId: operationIdOf(handler),
    summary: spec.summary,
    description: [spec.description, who].filter(Boolean).join('\n\n'),
    tags: operation.tags,
    ...(isPublic ? { security: [] } : { 'x-roles': roles }),
    parameters,
    ...(inputs.body ? { requestBody: requestBodyOf(inputs.body, spec.requestExample, schemas) } : {}),
    responses,
  };
}

/** `HoldsController.create` -> `holds_create`: stable, URL-safe, unique in the service. */
function operationIdOf({ controller, method }: Handler): string {
  const resource = controller.name.replace(/Controller$/, '');
  return `${resource.charAt(0).toLowerCase()}${resource.slice(1)}_${method}`;
}

function successResponse(
  answer: Answer,
  idempotent: boolean,
  use: (schema: Schema) => Schema,
): Record<string, unknown> {
  if ((answer as Partial<NoContent>).noContent === true) return { description: (answer as NoContent).description };
  const full = (typeof (answer as { schema?: unknown }).schema === 'object' ? answer : { schema: answer }) as {
    schema: Schema;
    description?: string;
    contentType?: string;
    example?: unknown;
  };
  const { schema, description, contentType, example } = full;
  return {
    description: description ?? 'OK',
    ...(idempotent
      ? {
          headers: {
            'Idempotent-Replayed': {
              description: '`true` on an answer replayed for a retried Idempotency-Key.',
              schema: { type: 'string', enum: ['true'] },
            },
          },
        }
      : {}),
    content: {
      [contentType ?? 'application/json']: { schema: use(schema), ...(example === undefined ? {} : { example }) },
    },
  };
}

function requestBodyOf(dto: DtoClass, example: unknown, schemas: Map<string, Schema>): Record<string, unknown> {
  for (const [name, { schema }] of dtoSchemas(dto)) addComponent(name, schema, schemas);
  return {
    required: true,
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${dto.name}` },
        ...(example === undefined ? {} : { example }),
      },
    },
  };
}

function parametersOf(
  where: 'path' | 'query',
  dto: DtoClass | undefined,
  path: string,
  schemas: Map<string, Schema>,
  gap: (what: string) => void,
): Record<string, unknown>[] {
  const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (!dto) {
    if (where !== 'path') return [];
    if (templated.length > 0) gap('its path parameters have no @Param() DTO');
    return templated.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  }
  const all = dtoSchemas(dto);
  for (const [name, { schema }] of all) if (name !== dto.name) addComponent(name, schema, schemas);
  const { properties = {}, required = [] } = all.get(dto.name)?.schema as {
    properties?: Record<string, Schema>;
    required?: string[];
  };
  if (where === 'path') {
    const declared = Object.keys(properties).sort().join(',');
    if (declared !== [...templated].sort().join(','))
      gap(`the path names {${templated.join('}, {')}} but ${dto.name} declares ${declared}`);
  }
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || required.includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function addComponent(name: string, schema: Schema, schemas: Map<string, Schema>): void {
  const known = schemas.get(name);
  if (known && JSON.stringify(known) !== JSON.stringify(schema))
    throw new Error(`OpenAPI: two different schemas named ${name}`);
  schemas.set(name, schema);
}

/** Registers every component `schema` references (made with component()), however deep. */
function collect(schema: Schema, schemas: Map<string, Schema>): Schema {
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const own = componentOf(node);
    if (own) {
      addComponent(own.name, own.schema, schemas);
      walk(own.schema);
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(schema);
  return schema;
}
