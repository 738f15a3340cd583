import {
  Controller,
  Get,
  Logger as NestLogger,
  Module,
  NotFoundException,
  type INestApplication,
} from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../config/app-config';
import { createLoggerModule, requestLogHook, requestLogLevel, SLOW_REQUEST_MS } from './logger.module';
import { requestContextHook } from './request-context.hook';

const config = loadConfig({
  PORT: '3000',
  DATABASE_URL: 'postgres://unused/omni_test',
  KAFKA_BROKERS: 'unused:9092',
  JWT_SECRET: 'unit-test-secret-0123456789',
  LOG_LEVEL: 'info',
});

@Controller('orders')
class ChattyController {
  private readonly logger = new NestLogger('Chatty');

  @Get()
  async list() {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.log('listing orders');
    return [];
  }

  @Get('missing')
  missing() {
    throw new NotFoundException();
  }
}

describe('JSON request logging', () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  let app: INestApplication;

  beforeAll(async () => {
    @Module({ imports: [createLoggerModule(config, 'probe', sink)], controllers: [ChattyController] })
    class LoggingProbeModule {}
    const moduleRef = await Test.createTestingModule({ imports: [LoggingProbeModule] }).compile();
    const nestApp = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { bufferLogs: true });
    nestApp.useLogger(nestApp.get(Logger));
    nestApp
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', requestContextHook)
      .addHook('onRequest', requestLogHook());
    await nestApp.init();
    await nestApp.getHttpAdapter().getInstance().ready();
    app = nestApp;
  });

  afterAll(() => app.close());

  it('puts the request’s correlation id on every line, and never the authorization header', async () => {
    lines.length = 0;
    await request(app.getHttpServer())
      .get('/orders')
      .set('x-correlation-id', 'corr-log-1')
      .set('Authorization', 'Bearer top-secret-token')
      .expect(200)
      .expect('x-correlation-id', 'corr-log-1');
    await new Promise((resolve) => setImmediate(resolve));

    const appLine = lines.find((line) => line.msg === 'listing orders');
    expect(appLine).toMatchObject({ correlationId: 'corr-log-1', context: 'Chatty', service: 'probe', level: 30 });
    // A fast success is logged at debug, so not at LOG_LEVEL=info.
    expect(lines.find((line) => line.msg === 'request completed')).toBeUndefined();
    expect(JSON.stringify(lines)).not.toContain('top-secret-token');
  });

  it('logs a failed request at warn with its correlation id, method, url and status', async () => {
    lines.length = 0;
    await request(app.getHttpServer())
      .get('/orders/missing')
      .set('x-correlation-id', 'corr-log-2')
      .set('Authorization', 'Bearer top-secret-token')
      .expect(404);
    await new Promise((resolve) => setImmediate(resolve));

    const completed = lines.find((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({
      correlationId: 'corr-log-2',
      service: 'probe',
      level: 40,
      req: { id: 'corr-log-2', method: 'GET', url: '/orders/missing' },
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain('top-secret-token');
  });
});

describe('request log levels', () => {
  it('puts server errors at error, client errors and aborts at warn, slow successes at info, the rest at debug', () => {
    expect(requestLogLevel(500, 3, false)).toBe('error');
    expect(requestLogLevel(503, 3, false)).toBe('warn');
    expect(requestLogLevel(404, 3, false)).toBe('warn');
    expect(requestLogLevel(200, 3, true)).toBe('warn');
    expect(requestLogLevel(200, SLOW_REQUEST_MS, false)).toBe('info');
    expect(requestLogLevel(201, SLOW_REQUEST_MS - 1, false)).toBe('debug');
  });
});
