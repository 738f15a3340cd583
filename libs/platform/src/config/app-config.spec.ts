import { ConfigError, loadConfig } from './app-config';

const valid = {
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/omni',
  KAFKA_BROKERS: '127.0.0.1:9092',
  JWT_SECRET: 'a-secret-long-enough',
};

describe('loadConfig', () => {
  it('reads and converts a valid environment, with defaults for the optional variables', () => {
    const config = loadConfig(valid);
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_PARTITIONS).toBe(12);
    expect(config.CONSUMER_MAX_ATTEMPTS).toBe(5);
    expect(config.HTTP_WORKERS).toBe(1);
  });

  it('takes a worker count from 1 to 64', () => {
    expect(loadConfig({ ...valid, HTTP_WORKERS: '2' }).HTTP_WORKERS).toBe(2);
    expect(() => loadConfig({ ...valid, HTTP_WORKERS: '0' })).toThrow(/HTTP_WORKERS/);
    expect(() => loadConfig({ ...valid, HTTP_WORKERS: 'all' })).toThrow(/HTTP_WORKERS/);
  });

  it('bounds slow clients and event streams by default, and refuses headers that may take longer than the request', () => {
    const config = loadConfig(valid);
    expect([config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS, config.HTTP_KEEP_ALIVE_TIMEOUT_MS]).toEqual(
      [10_000, 30_000, 65_000],
    );
    expect(config.SSE_MAX_STREAMS_PER_PRINCIPAL).toBe(5);
    expect(
      loadConfig({ ...valid, HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' })
        .HTTP_REQUEST_TIMEOUT_MS,
    ).toBe(2000);
    expect(() => loadConfig({ ...valid, HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ ...valid, HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ ...valid, SSE_MAX_STREAMS_PER_PRINCIPAL: '0' })).toThrow(/SSE_MAX_STREAMS_PER_PRINCIPAL/);
  });

  it('names every missing required variable', () => {
    expect(() => loadConfig({ PORT: '1' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '1' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining(['DATABASE_URL is required', 'KAFKA_BROKERS is required', 'JWT_SECRET is required']),
      );
    }
  });

  it('rejects a value of the wrong kind, naming the variable', () => {
    expect(() => loadConfig({ ...valid, KAFKA_PARTITIONS: 'many' })).toThrow(/KAFKA_PARTITIONS/);
    expect(() => loadConfig({ ...valid, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 16 characters/);
  });

  it('lets the environment override the per-service defaults', () => {
    expect(loadConfig({ ...valid, PORT: '4000' }, { PORT: '3002' }).PORT).toBe(4000);
    const { PORT: _omit, ...withoutPort } = valid;
    expect(loadConfig(withoutPort, { PORT: '3002' }).PORT).toBe(3002);
  });

  it('defaults the fulfilment settings and refuses a pickup reminder outside its window', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      PICKUP_WINDOW_DAYS: 7,
      PICKUP_REMINDER_DAYS_BEFORE: 2,
      SAME_DAY_CUTOFF: '16:00',
      SOURCING_MAX_SPLITS: 3,
    });
    expect(
      loadConfig({ ...valid, PICKUP_WINDOW_DAYS: '0.0001', PICKUP_REMINDER_DAYS_BEFORE: '0.00005' }).PICKUP_WINDOW_DAYS,
    ).toBe(0.0001);
    expect(() => loadConfig({ ...valid, PICKUP_WINDOW_DAYS: '1', PICKUP_REMINDER_DAYS_BEFORE: '3' })).toThrow(
      /PICKUP_REMINDER_DAYS_BEFORE must be less/,
    );
    expect(() => loadConfig({ ...valid, SAME_DAY_CUTOFF: '25:00' })).toThrow(/SAME_DAY_CUTOFF/);
  });

  it('retries webhooks for a day by default, and refuses a first delay longer than the longest', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      WEBHOOK_RETRY_BASE_MS: 30_000,
      WEBHOOK_RETRY_MAX_MS: 3_600_000,
      WEBHOOK_GIVE_UP_AFTER_MS: 86_400_000,
      WEBHOOK_TIMEOUT_MS: 10_000,
    });
    expect(
      loadConfig({ ...valid, WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_GIVE_UP_AFTER_MS: '5000' }).WEBHOOK_RETRY_BASE_MS,
    ).toBe(50);
    expect(() => loadConfig({ ...valid, WEBHOOK_RETRY_BASE_MS: '7200000' })).toThrow(
      /WEBHOOK_RETRY_BASE_MS must not exceed WEBHOOK_RETRY_MAX_MS/,
    );
    expect(() => loadConfig({ ...valid, WEBHOOK_TIMEOUT_MS: '0' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
  });
});
