import { Controller, Get, Logger as NestLogger, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../config/app-config';
import { createLoggerModule } from './logger.module';
import { requestContextMiddleware } from './request-context.middleware';

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
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    app.use(requestContextMiddleware);
    await app.init();
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
    const completed = lines.find((line) => line.msg === 'request completed');
    expect(appLine).toMatchObject({ correlationId: 'corr-log-1', context: 'Chatty', service: 'probe', level: 30 });
    expect(completed).toMatchObject({ correlationId: 'corr-log-1', service: 'probe' });
    expect(JSON.stringify(lines)).not.toContain('top-secret-token');
  });
});
