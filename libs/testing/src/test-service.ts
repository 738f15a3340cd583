import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, type ServiceDefinition } from '@omni/bootstrap';
import { loadConfig, mintToken, type AppConfig, type Principal } from '@omni/platform';
import { Client } from 'pg';

export const uniqueSuffix = () => randomBytes(4).toString('hex');

export interface RunningService {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:41234 */
  url: string;
  schema: string;
  token(principal: Omit<Principal, 'sub'> & { sub?: string }): string;
  /** Runs SQL in the service's own schema (assertions on state). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(options?: { dropSchema?: boolean }): Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run integration tests through jest (global setup)');
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test'))
    throw new Error(`refusing to run tests against database "${name}": its name lacks "test"`);
  return url;
}

/** The broker the jest global setup chose for this run (never a default: see global-setup.js). */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (global setup)');
  return brokers.split(',');
}

/** Polls /health/ready until it answers 200: the consumers have joined and caught up. */
export async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/health/ready`).catch((error: Error) => ({
      ok: false,
      text: async () => error.message,
    }));
    if (res.ok) return;
    last = await res.text();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
}

/**
 * Starts a real service (HTTP on an ephemeral port, relay, consumer) on its own schema. Services
 * started with the same `topicPrefix` share an event log, so journeys can cross them.
 */
export async function startTestService(
  definition: ServiceDefinition,
  options: { topicPrefix: string; env?: Record<string, string> },
): Promise<RunningService> {
  const suffix = uniqueSuffix();
  const schema = `${definition.service}_t${suffix}`;
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: schema,
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    KAFKA_GROUP_ID: `${definition.service}-${suffix}`,
    KAFKA_PARTITIONS: '3',
    CONSUMER_RETRY_BACKOFF_MS: '20',
    OUTBOX_POLL_MS: '250',
    ...options.env,
  });
  const app = await createServiceApp(definition, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  await waitUntilReady(url);
  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: config.DATABASE_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return {
    app,
    config,
    url,
    schema,
    sql,
    token: (principal) => mintToken(principal, config.JWT_SECRET),
    stop: async ({ dropSchema = true } = {}) => {
      await app.close();
      if (dropSchema) await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
