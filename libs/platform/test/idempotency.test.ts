// The idempotency interceptor against the real Postgres: the key's record and the handler's
// writes share one transaction, and concurrent retries run the handler once.
import { Body, Controller, Global, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  configureHttpApp,
  createHttpAdapter,
  NEST_APP_OPTIONS,
  createIdempotencyTable,
  IdempotencyKeysByAge1764000000000,
  IdempotencyResponseBytes1766000000000,
  PURGE_BATCH_SQL,
  Idempotent,
  IdempotencyRecord,
  loadConfig,
  mintToken,
  PlatformModule,
  TransactionHost,
  IdempotencyKeyPurger,
} from '../src';

const DATABASE = 'omni_test_platform';
const SCHEMA = 'platform_idempotency';
const SECRET = 'integration-secret-0123456789';
const adminUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const testUrl = new URL(adminUrl);
testUrl.pathname = `/${DATABASE}`;

class CreateWidgetDto {
  @IsString() name: string;
  @IsOptional() @IsInt() @Min(0) @Max(2000) delayMs?: number;
  @IsOptional() @IsBoolean() fail?: boolean;
  @IsOptional() @IsBoolean() dropConnectionOnce?: boolean;
}

// Names of widgets whose first attempt has already lost its connection.
const connectionDropped = new Set<string>();

const handlerRuns = { count: 0 };
const CONFIG_ENV = {
  PORT: '3000',
  DATABASE_URL: testUrl.toString(),
  KAFKA_BROKERS: 'unused:9092',
  JWT_SECRET: SECRET,
  LOG_LEVEL: 'silent',
};

@Controller('v1/widgets')
class WidgetController {
  constructor(private readonly tx: TransactionHost) {}

  @Post()
  @HttpCode(201)
  @Idempotent()
  async create(@Body() widget: CreateWidgetDto) {
    handlerRuns.count += 1;
    return this.tx.run(async (manager) => {
      const [row] = await manager.query(`INSERT INTO widgets (name) VALUES ($1) RETURNING id`, [widget.name]);
      // Sees the key's row only if this use case joined the interceptor's (uncommitted) transaction.
      const [{ claimed }] = await manager.query(`SELECT count(*)::int AS claimed FROM idempotency_keys`);
      if (widget.delayMs) await new Promise((resolve) => setTimeout(resolve, widget.delayMs));
      if (widget.fail) throw new Error('the use case failed after writing');
      if (widget.dropConnectionOnce && !connectionDropped.has(widget.name)) {
        connectionDropped.add(widget.name);
        // Postgres ends this very session, as a failover would: the interceptor's whole transaction is lost.
        await manager.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
      }
      // `name` before `id`: jsonb would store them the other way round (shorter keys first).
      return { name: widget.name, id: row.id as number, keysVisibleInTransaction: claimed as number };
    });
  }
}

async function ensureTestDatabase(): Promise<void> {
  const client = new Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

describe('IdempotencyInterceptor (real Postgres)', () => {
  let dataSource: DataSource;
  let app: INestApplication;
  let baseUrl: string;
  const alice = mintToken({ sub: 'alice', role: 'channel', channel: 'web' }, SECRET);
  const bob = mintToken({ sub: 'bob', role: 'channel', channel: 'app' }, SECRET);

  const post = (body: object, key?: string, token = alice) => {
    const req = request(baseUrl).post('/v1/widgets').set('Authorization', `Bearer ${token}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const count = async (table: string) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    if (!DATABASE.includes('test')) throw new Error('refusing to run against a database whose name lacks "test"');
    await ensureTestDatabase();
    dataSource = new DataSource({
      type: 'postgres',
      url: testUrl.toString(),
      schema: SCHEMA,
      entities: [IdempotencyRecord],
      extra: { max: 20, options: `-c search_path=${SCHEMA}` },
    });
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await dataSource.query(`CREATE SCHEMA ${SCHEMA}`);
    const runner = dataSource.createQueryRunner();
    try {
      await createIdempotencyTable(runner);
      await new IdempotencyKeysByAge1764000000000().up(runner);
      await new IdempotencyResponseBytes1766000000000().up(runner);
      await runner.query(`CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL)`);
    } finally {
      await runner.release();
    }

    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: TransactionHost, useFactory: () => new TransactionHost(dataSource) },
      ],
      exports: [DataSource, TransactionHost],
    })
    class TestDatabaseModule {}

    const config = loadConfig(CONFIG_ENV);
    const moduleRef = await Test.createTestingModule({
      imports: [TestDatabaseModule, PlatformModule.forRoot(config)],
      controllers: [WidgetController],
    }).compile();
    const nestApp = moduleRef.createNestApplication<NestFastifyApplication>(
      createHttpAdapter(config),
      NEST_APP_OPTIONS,
    );
    configureHttpApp(nestApp, { title: 'Idempotency probe', service: 'probe' });
    app = nestApp;
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    baseUrl = baseUrl.replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE widgets, idempotency_keys`);
    handlerRuns.count = 0;
  });

  it('writes the key in the same transaction as the use case', async () => {
    const res = await post({ name: 'w' }, 'key-tx').expect(201);
    expect(res.body.keysVisibleInTransaction).toBe(1);
    const [record] = await dataSource.getRepository(IdempotencyRecord).find();
    expect(record).toMatchObject({
      principal: 'channel/web//alice',
      key: 'key-tx',
      method: 'POST',
      path: '/v1/widgets',
      responseStatus: 201,
    });
    expect(record.responseText).toBe(res.text);
    expect(record.responseContentType).toBe('application/json; charset=utf-8');
    expect(record.responseBody).toEqual(res.body);
    expect(record.requestHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('replays the first answer for the same key and body, running the handler once', async () => {
    const first = await post({ name: 'gizmo', delayMs: 0 }, 'key-1').expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Same request with its members in another order: the body hash is canonical.
    const retry = await post({ delayMs: 0, name: 'gizmo' }, 'key-1').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(handlerRuns.count).toBe(1);
    expect(await count('widgets')).toBe(1);
  });

  it('replays the very bytes of the first answer: status, content type and body, key order included', async () => {
    const first = await post({ name: 'bytes' }, 'key-bytes').expect(201);
    expect(first.text.startsWith('{"name":"bytes","id":')).toBe(true);
    const retry = await post({ name: 'bytes' }, 'key-bytes').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.headers['content-length']).toBe(first.headers['content-length']);
  });

  it('replays a key recorded before the answer bytes were kept from its jsonb copy', async () => {
    const first = await post({ name: 'legacy' }, 'key-legacy').expect(201);
    await dataSource.query(
      `UPDATE idempotency_keys SET response_content_type = NULL, response_text = NULL WHERE key = 'key-legacy'`,
    );
    const retry = await post({ name: 'legacy' }, 'key-legacy').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(retry.body).toEqual(first.body);
  });

  it('rejects the same key with a different body with 422', async () => {
    await post({ name: 'gizmo' }, 'key-2').expect(201);
    const res = await post({ name: 'gadget' }, 'key-2').expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toBe('Idempotency-Key reused with a different request');
    expect(handlerRuns.count).toBe(1);
    expect(await count('widgets')).toBe(1);
  });

  it('runs the handler once for ten concurrent requests with the same key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post({ name: 'rush', delayMs: 200 }, 'key-3')),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((res) => JSON.stringify(res.body))).size).toBe(1);
    expect(responses.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(handlerRuns.count).toBe(1);
    expect(await count('widgets')).toBe(1);
  });

  it('records nothing when the handler fails, so a retry runs it again', async () => {
    await post({ name: 'doomed', fail: true }, 'key-4').expect(500);
    expect(await count('idempotency_keys')).toBe(0);
    expect(await count('widgets')).toBe(0);

    await post({ name: 'doomed', fail: false }, 'key-4').expect(201);
    expect(handlerRuns.count).toBe(2);
    expect(await count('widgets')).toBe(1);
  });

  it('runs the handler again, key claim included, when the transaction lost its connection, and records the key once', async () => {
    const first = await post({ name: 'resilient', dropConnectionOnce: true }, 'key-5').expect(201);
    expect(handlerRuns.count).toBe(2);
    expect(first.body.keysVisibleInTransaction).toBe(1);
    expect(await count('widgets')).toBe(1);
    expect(await count('idempotency_keys')).toBe(1);

    const retry = await post({ name: 'resilient', dropConnectionOnce: true }, 'key-5').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(handlerRuns.count).toBe(2);
  });

  it('scopes keys per principal', async () => {
    await post({ name: 'mine' }, 'shared-key', alice).expect(201);
    const res = await post({ name: 'mine' }, 'shared-key', bob).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(handlerRuns.count).toBe(2);
  });

  it('runs every request sent without a key', async () => {
    await post({ name: 'plain' }).expect(201);
    await post({ name: 'plain' }).expect(201);
    expect(handlerRuns.count).toBe(2);
    expect(await count('idempotency_keys')).toBe(0);
  });

  it('refuses a key longer than 200 characters', async () => {
    const res = await post({ name: 'w' }, 'k'.repeat(201)).expect(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);
    expect(handlerRuns.count).toBe(0);
  });

  it('forgets keys past their retention, so a retry after that runs again, and keeps the fresh ones', async () => {
    await post({ name: 'old' }, 'key-old').expect(201);
    await post({ name: 'fresh' }, 'key-fresh').expect(201);
    await dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'key-old'`,
    );
    const purger = new IdempotencyKeyPurger(
      new TransactionHost(dataSource),
      loadConfig({ ...CONFIG_ENV, IDEMPOTENCY_KEY_RETENTION_HOURS: '24' }),
    );
    expect(await purger.purgeBatch()).toBe(1);
    expect(
      (await dataSource.query(`SELECT key FROM idempotency_keys ORDER BY key`)).map((r: { key: string }) => r.key),
    ).toEqual(['key-fresh']);
    handlerRuns.count = 0;
    await post({ name: 'old' }, 'key-old').expect(201);
    expect(handlerRuns.count).toBe(1);
    const replay = await post({ name: 'fresh' }, 'key-fresh').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(handlerRuns.count).toBe(1);
  });

  it('finds expired keys through the age index, without reading the whole table', async () => {
    await dataSource.query(
      `INSERT INTO idempotency_keys (principal, key, method, path, request_hash, response_status, created_at)
       SELECT 'bulk', 'k' || i, 'POST', '/v1/widgets', 'h', 201, now() - (i % 3600) * interval '1 second' FROM generate_series(1, 20000) i`,
    );
    await dataSource.query(`ANALYZE idempotency_keys`);
    const plan = JSON.stringify(await dataSource.query(`EXPLAIN (FORMAT JSON) ${PURGE_BATCH_SQL}`, [24, 5000]));
    expect(plan).toContain('"Index Name":"idempotency_keys_created_at"');
    expect(plan).not.toMatch(/"Node Type":"Seq Scan"[^}]*"Relation Name":"idempotency_keys"/);
    await dataSource.query(`DELETE FROM idempotency_keys WHERE principal = 'bulk'`);
  });
});
