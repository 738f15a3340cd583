import { Body, Controller, Get, Global, Module, Param, Post, type INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { allEventDefinitions, asyncApiDocument, PROBLEM_CATALOGUE, PROBLEMS } from '@omni/contracts';
import request from 'supertest';
import { DataSource, QueryFailedError } from 'typeorm';
import { CurrentPrincipal, LocationScoped, Roles } from '../auth/auth.decorators';
import { assertLocationAccess } from '../auth/location-access';
import type { Principal } from '../auth/principal';
import { mintToken } from '../auth/token';
import { loadConfig } from '../config/app-config';
import { requestContext } from '../context/request-context';
import { TransactionHost } from '../database/transaction-host';
import { ReadinessRegistry } from '../health/readiness.registry';
import { configureHttpApp, createHttpAdapter, createHttpApp, initHttpApp, NEST_APP_OPTIONS } from './create-http-app';
import { PlatformModule } from './platform.module';
import { ProblemException } from './problem-details';

const SECRET = 'unit-test-secret-0123456789';
const config = loadConfig({
  PORT: '3000',
  DATABASE_URL: 'postgres://unused/omni_test',
  KAFKA_BROKERS: 'unused:9092',
  JWT_SECRET: SECRET,
  LOG_LEVEL: 'silent',
});

class HoldLineDto {
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
}

class PlaceHoldDto {
  @IsString() locationId: string;
  @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => HoldLineDto) lines: HoldLineDto[];
}

@Controller('v1/test')
class ProbeController {
  @Get('locations/:id')
  @LocationScoped((req) => req.params.id)
  readLocation(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return {
      id,
      sub: principal.sub,
      actor: requestContext.current().actor,
      correlationId: requestContext.current().correlationId,
    };
  }

  @Post('holds')
  @Roles('admin', 'store', 'channel')
  @LocationScoped((req) => req.body?.locationId)
  placeHold(@Body() hold: PlaceHoldDto) {
    return {
      lines: hold.lines.length,
      transformed: hold instanceof PlaceHoldDto,
      correlationId: requestContext.current().correlationId,
    };
  }

  @Get('admin-only')
  @Roles('admin')
  adminOnly() {
    return { ok: true };
  }

  @Get('tasks/:id')
  readTask(@CurrentPrincipal() principal: Principal) {
    // The task's location is only known after a lookup.
    assertLocationAccess(principal, 's-002');
    return { ok: true };
  }

  @Get('boom')
  boom() {
    throw new Error('connection to 10.0.0.5 refused, password=hunter2');
  }

  @Get('duplicate')
  duplicate() {
    throw new QueryFailedError(
      'INSERT INTO holds ...',
      [],
      Object.assign(new Error('duplicate key'), { code: '23505' }),
    );
  }

  @Get('shortfall')
  shortfall() {
    throw new ProblemException(PROBLEMS.insufficientStock, 'line 1 is short by 2', {
      shortfalls: [{ line: 1, short: 2 }],
    });
  }
}

/** Stands in for DatabaseModule: the pipeline under test never reaches the database. */
@Global()
@Module({
  providers: [
    { provide: DataSource, useValue: { query: async () => [{ '?column?': 1 }] } },
    { provide: TransactionHost, useValue: { run: () => Promise.reject(new Error('no database in unit tests')) } },
  ],
  exports: [DataSource, TransactionHost],
})
class FakeDatabaseModule {}

const PROBLEM_JSON = /^application\/problem\+json/;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const storeS001 = mintToken({ sub: 'alice', role: 'store', channel: 'pos', locations: ['s-001'] }, SECRET);
const admin = mintToken({ sub: 'root', role: 'admin' }, SECRET);
const validHold = { locationId: 's-001', lines: [{ sku: 'sku-1', qty: 2 }] };

describe('HTTP pipeline (auth, validation, problem+json, health, metrics)', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [FakeDatabaseModule, PlatformModule.forRoot(config)],
      controllers: [ProbeController],
    }).compile();
    const nestApp = moduleRef.createNestApplication<NestFastifyApplication>(
      createHttpAdapter(config),
      NEST_APP_OPTIONS,
    );
    configureHttpApp(nestApp, { title: 'Probe API', service: 'probe' });
    app = await initHttpApp(nestApp);
    http = request(app.getHttpServer());
  });

  afterAll(() => app.close());

  describe('authentication', () => {
    it('answers a request without a token with 401 problem+json', async () => {
      const res = await http.get('/v1/test/locations/s-001').expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({
        type: 'urn:omni:problem:unauthorized',
        title: 'Unauthorized',
        status: 401,
        instance: '/v1/test/locations/s-001',
      });
      expect(res.body.detail).toMatch(/Bearer token is required/);
    });

    it.each([
      ['junk after the token', (t: string) => `Bearer ${t} junk`],
      ['two spaces', (t: string) => `Bearer  ${t}`],
      ['no token', () => 'Bearer'],
    ])('refuses a valid admin token with %s in the header', async (_, header) => {
      const res = await http.get('/v1/test/locations/s-001').set('Authorization', header(admin)).expect(401);
      expect(res.body).toMatchObject({ type: 'urn:omni:problem:unauthorized', status: 401 });
    });

    it('rejects a token signed with another secret', async () => {
      const forged = mintToken({ role: 'admin' }, 'someone-elses-secret-123456');
      const res = await http.get('/v1/test/locations/s-001').set(bearer(forged)).expect(401);
      expect(res.body.detail).toMatch(/invalid/);
    });

    it('rejects an expired token, saying so', async () => {
      const expired = mintToken({ role: 'admin' }, SECRET, -10);
      const res = await http.get('/v1/test/locations/s-001').set(bearer(expired)).expect(401);
      expect(res.body.detail).toMatch(/expired/);
    });

    it('rejects a token whose role is not one we know', async () => {
      const odd = mintToken({ role: 'superuser' as 'admin' }, SECRET);
      const res = await http.get('/v1/test/locations/s-001').set(bearer(odd)).expect(401);
      expect(res.body.detail).toMatch(/claims/);
    });
  });

  describe('authorisation', () => {
    it('refuses a store token for s-001 acting on s-002, naming the location', async () => {
      const res = await http.get('/v1/test/locations/s-002').set(bearer(storeS001)).expect(403);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 403, locationId: 's-002' });
      expect(res.body.detail).toContain('s-002');
    });

    it('lets a store token act on its own location and puts the actor in the request context', async () => {
      const res = await http.get('/v1/test/locations/s-001').set(bearer(storeS001)).expect(200);
      expect(res.body).toMatchObject({
        id: 's-001',
        sub: 'alice',
        actor: { channel: 'pos', locationId: 's-001', principal: 'alice' },
      });
    });

    it('lets an admin act on any location', async () => {
      await http.get('/v1/test/locations/s-002').set(bearer(admin)).expect(200);
    });

    it('checks a location picked from the body', async () => {
      const res = await http
        .post('/v1/test/holds')
        .set(bearer(storeS001))
        .send({ ...validHold, locationId: 's-002' })
        .expect(403);
      expect(res.body.locationId).toBe('s-002');
    });

    it('refuses a role the route does not list', async () => {
      await http.get('/v1/test/admin-only').set(bearer(storeS001)).expect(403);
      await http.get('/v1/test/admin-only').set(bearer(admin)).expect(200);
    });

    it('lets a service check a location it found by lookup', async () => {
      const res = await http.get('/v1/test/tasks/t-1').set(bearer(storeS001)).expect(403);
      expect(res.body.locationId).toBe('s-002');
      await http.get('/v1/test/tasks/t-1').set(bearer(admin)).expect(200);
    });
  });

  describe('validation', () => {
    it('accepts a valid body and hands the handler the DTO class', async () => {
      const res = await http.post('/v1/test/holds').set(bearer(storeS001)).send(validHold).expect(201);
      expect(res.body).toEqual({ lines: 1, transformed: true, correlationId: res.headers['x-correlation-id'] });
    });

    it('answers a malformed body with 400 listing each field error by path', async () => {
      const res = await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .send({ locationId: 7, lines: [{ sku: 'sku-1', qty: 0 }] })
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: 'urn:omni:problem:invalid-request', title: 'Bad Request', status: 400 });
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'locationId', message: 'locationId must be a string' },
          { field: 'lines.0.qty', message: 'qty must not be less than 1' },
        ]),
      );
    });

    it('names an unknown field, also a nested one', async () => {
      const res = await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .send({ ...validHold, colour: 'red', lines: [{ sku: 'sku-1', qty: 1, gift: true }] })
        .expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'colour', message: 'property colour should not exist' },
          { field: 'lines.0.gift', message: 'property gift should not exist' },
        ]),
      );
    });

    it('answers invalid JSON with 400 problem+json', async () => {
      const res = await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .send('{"locationId": "s-001",')
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.detail).toMatch(/not valid JSON/);
    });

    it('takes JSON bodies up to 1mb and refuses larger ones with 413', async () => {
      // Nine strings just inside the 100,000-character limit of one string (input-limits.ts): about 900 kB.
      const lines = Array.from({ length: 9 }, () => ({ sku: 'x'.repeat(99_000), qty: 1 }));
      await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .send({ ...validHold, lines })
        .expect(201);
      const res = await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .send({ ...validHold, lines: [...lines, ...lines] })
        .expect(413);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it('refuses a string over 100,000 characters, deep nesting and a prototype key with 400 naming the field', async () => {
      const long = await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .send({ ...validHold, lines: [{ sku: 'x'.repeat(100_001), qty: 1 }] });
      expect([long.status, long.body.errors]).toEqual([400, [expect.objectContaining({ field: 'lines.0.sku' })]]);
      const deep = await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .send(`${'['.repeat(1500)}${']'.repeat(1500)}`);
      expect([deep.status, deep.headers['content-type']]).toEqual([400, expect.stringMatching(PROBLEM_JSON)]);
      const proto = await http
        .post('/v1/test/holds')
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .send('{"__proto__":{"x":1}}');
      expect([proto.status, proto.body.errors]).toEqual([400, [expect.objectContaining({ field: '__proto__' })]]);
    });
  });

  describe('errors', () => {
    it('answers an unexpected error with a generic 500 that leaks nothing', async () => {
      const res = await http.get('/v1/test/boom').set(bearer(admin)).expect(500);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(JSON.stringify(res.body)).not.toMatch(/hunter2|10\.0\.0\.5/);
      expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error' });
    });

    it('answers a unique violation with 409', async () => {
      const res = await http.get('/v1/test/duplicate').set(bearer(admin)).expect(409);
      expect(res.body).toMatchObject({ status: 409, title: 'Conflict' });
    });

    it('sends a ProblemException with its extension members', async () => {
      const res = await http.get('/v1/test/shortfall').set(bearer(admin)).expect(409);
      expect(res.body).toMatchObject({
        type: 'urn:omni:problem:insufficient-stock',
        title: 'Insufficient stock',
        detail: 'line 1 is short by 2',
        shortfalls: [{ line: 1, short: 2 }],
      });
    });

    it('answers a path that is not valid percent-encoding with 400, not 500', async () => {
      const res = await http.get('/v1/test/locations/%E0%A4%A').set(bearer(admin)).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.detail).toMatch(/not valid percent-encoded UTF-8/);
    });

    it('answers an unknown route with 404 problem+json', async () => {
      const res = await http.get('/v1/nowhere').set(bearer(admin)).expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    });
  });

  describe('correlation', () => {
    it('echoes the caller’s x-correlation-id and runs the request under it', async () => {
      const res = await http
        .get('/v1/test/locations/s-001')
        .set(bearer(storeS001))
        .set('x-correlation-id', 'corr-123')
        .expect(200);
      expect(res.headers['x-correlation-id']).toBe('corr-123');
      expect(res.body.correlationId).toBe('corr-123');
    });

    it('runs the handler of a request with a body, which arrives later, under the request’s id', async () => {
      const res = await http
        .post('/v1/test/holds')
        .set(bearer(storeS001))
        .set('x-correlation-id', 'corr-body-1')
        .send(validHold)
        .expect(201);
      expect(res.body.correlationId).toBe('corr-body-1');
    });

    it('issues a correlation id when none is sent, and quotes it in problems', async () => {
      const res = await http.get('/v1/test/locations/s-001').expect(401);
      expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
    });
  });

  describe('health and metrics', () => {
    it('serves /health/live without a token', async () => {
      const res = await http.get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('is ready while every check passes, and 503 problem+json listing the checks when one fails', async () => {
      const ready = await http.get('/health/ready').expect(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { postgres: { status: 'up' } } });

      app.get(ReadinessRegistry).register('kafka', () => Promise.reject(new Error('broker unreachable')));
      const res = await http.get('/health/ready').expect(503);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.checks).toEqual({
        postgres: { status: 'up' },
        kafka: { status: 'down', error: 'broker unreachable' },
      });
    });

    it('exposes Prometheus metrics to admins only, with the route pattern, not the raw URL', async () => {
      await http.get('/v1/test/locations/s-001').set(bearer(storeS001)).expect(200);
      expect((await http.get('/metrics').expect(401)).headers['content-type']).toMatch(PROBLEM_JSON);
      await http.get('/metrics').set(bearer(storeS001)).expect(403);
      const res = await http.get('/metrics').set(bearer(admin)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/v1\/test\/locations\/:id",status="200"\} \d+/,
      );
      expect(res.text).toMatch(/route="\/v1\/test\/locations\/:id",status="401"/);
      expect(res.text).not.toContain('/v1/test/locations/s-001');
    });

    it('serves the OpenAPI document with bearer auth', async () => {
      const res = await http.get('/docs-json').expect(200);
      expect(res.body.info.title).toBe('Probe API');
      expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(res.body.paths)).toContain('/v1/test/holds');
    });

    it('serves the error catalogue without a token, and in the OpenAPI document where a problem type is dereferenced', async () => {
      const res = await http.get('/docs/problems').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(PROBLEM_CATALOGUE)));
      const doc = await http.get('/docs-json').expect(200);
      expect(doc.body['x-problem-types']).toEqual(res.body);
      expect(doc.body.info.description).toContain('/docs/problems');
    });

    it("serves the event log's AsyncAPI document without a token, a payload schema for every event and version", async () => {
      const res = await http.get('/docs/asyncapi.json').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
      expect(Object.keys(res.body.components.messages)).toHaveLength(allEventDefinitions().length);
      expect(res.body.components.schemas.ReadyForPickupV1.properties.pickupCode).toMatchObject({
        pattern: '^[0-9]{6}$',
      });
    });
  });
});

describe('createHttpApp', () => {
  @Module({ imports: [FakeDatabaseModule, PlatformModule.forRoot(config)], controllers: [ProbeController] })
  class ProbeAppModule {}

  it('builds the configured app, not yet listening', async () => {
    const app = await createHttpApp(ProbeAppModule, config, { title: 'Probe API', service: 'probe' });
    try {
      await initHttpApp(app);
      await request(app.getHttpServer())
        .get('/v1/test/locations/s-001')
        .expect(401)
        .expect('Content-Type', PROBLEM_JSON);
      await request(app.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await app.close();
    }
  });

  it('refuses a config other than the one PlatformModule was given', async () => {
    const other = loadConfig({
      PORT: '3001',
      DATABASE_URL: 'postgres://x/omni_test',
      KAFKA_BROKERS: 'x:9092',
      JWT_SECRET: SECRET,
    });
    await expect(createHttpApp(ProbeAppModule, other, { title: 'Probe API', service: 'probe' })).rejects.toThrow(
      /PlatformModule.forRoot/,
    );
  });
});
