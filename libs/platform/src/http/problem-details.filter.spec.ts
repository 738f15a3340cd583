import { Controller, Get, Global, Logger, Module, type INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DatabaseError } from 'pg';
import request from 'supertest';
import { DataSource, QueryFailedError } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { loadConfig } from '../config/app-config';
import { TransactionHost } from '../database/transaction-host';
import { CommitOutcomeUnknownError } from '../database/transient-errors';
import { configureHttpApp, createHttpAdapter, initHttpApp, NEST_APP_OPTIONS } from './create-http-app';
import { PlatformModule } from './platform.module';

const config = loadConfig({
  PORT: '3000',
  DATABASE_URL: 'postgres://unused/omni_test',
  KAFKA_BROKERS: 'unused:9092',
  JWT_SECRET: 'unit-test-secret-0123456789',
  LOG_LEVEL: 'silent',
});

const pgError = (code: string, message: string) => Object.assign(new DatabaseError(message, 0, 'error'), { code });
const failed = (code: string, message: string) => new QueryFailedError('UPDATE tasks ...', [], pgError(code, message));

@Controller('v1/faults')
@Public()
class FaultsController {
  @Get('deadlock')
  deadlock() {
    throw failed('40P01', 'deadlock detected');
  }

  @Get('terminated')
  terminated() {
    throw failed('57P01', 'terminating connection due to administrator command');
  }

  @Get('pool-timeout')
  poolTimeout() {
    throw new Error('timeout exceeded when trying to connect');
  }

  @Get('commit-lost')
  commitLost() {
    throw new CommitOutcomeUnknownError(new Error('Connection terminated unexpectedly'));
  }

  @Get('duplicate')
  duplicate() {
    throw failed('23505', 'duplicate key value violates unique constraint');
  }

  @Get('lock-timeout')
  lockTimeout() {
    throw failed('55P03', 'canceling statement due to lock timeout');
  }

  @Get('undefined-table')
  undefinedTable() {
    throw failed('42P01', 'relation "taks" does not exist');
  }
}

@Global()
@Module({
  providers: [
    { provide: DataSource, useValue: { query: async () => [{ '?column?': 1 }] } },
    { provide: TransactionHost, useValue: {} },
  ],
  exports: [DataSource, TransactionHost],
})
class FakeDatabaseModule {}

describe('ProblemDetailsFilter and database faults', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const error = jest.spyOn(Logger.prototype, 'error');

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [FakeDatabaseModule, PlatformModule.forRoot(config)],
      controllers: [FaultsController],
    }).compile();
    const nestApp = moduleRef.createNestApplication<NestFastifyApplication>(
      createHttpAdapter(config),
      NEST_APP_OPTIONS,
    );
    configureHttpApp(nestApp, { title: 'Faults', service: 'probe' });
    app = await initHttpApp(nestApp);
    http = request(app.getHttpServer());
  });

  afterAll(() => app.close());
  beforeEach(() => {
    warn.mockClear();
    error.mockClear();
  });

  it.each(['deadlock', 'terminated', 'pool-timeout', 'lock-timeout'])(
    'answers a %s that escaped the retries with 503 problem+json and Retry-After: 1, logged as a warning',
    async (fault) => {
      const res = await http.get(`/v1/faults/${fault}`).expect(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 503,
        title: 'Service Unavailable',
        type: 'urn:omni:problem:retryable',
        detail: 'the database is unavailable, retry shortly',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/administrator|deadlock detected/);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ err: expect.anything() }),
        'database unavailable, answered 503',
      );
      expect(error).not.toHaveBeenCalled();
    },
  );

  it('tells the client to retry with its Idempotency-Key when the commit’s outcome is unknown', async () => {
    const res = await http.get('/v1/faults/commit-lost').expect(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.detail).toMatch(/may or may not have been made: retry with the same Idempotency-Key/);
  });

  it('keeps a unique violation a 409', async () => {
    const res = await http.get('/v1/faults/duplicate').expect(409);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('answers what is not the database’s moment (here, a bug) with 500, logged as an error', async () => {
    await http.get('/v1/faults/undefined-table').expect(500);
    expect(error).toHaveBeenCalled();
  });
});
