import type { EntitySchema, MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { preparingClient } from './prepared-statements';

type EntityClass = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;

export interface DatabaseModuleOptions {
  /** The service's own schema: its tables, migrations table and search_path. */
  schema: string;
  /** Listed explicitly: globs break once bundled (nestjs/typeorm#52). */
  entities: EntityClass;
  migrations: Array<new () => unknown>;
  /** How long a request waits for a connection (a free one, or a new one opened) before it is answered 503. */
  connectTimeoutMs?: number;
}

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/** DATABASE_SCHEMA overrides the service's schema name (tests give each run its own). */
export function schemaFor(serviceSchema: string, config: AppConfig): string {
  return config.DATABASE_SCHEMA ?? serviceSchema;
}

// Long enough for a busy pool's queue, short enough that a request never hangs on a database that is down.
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The pg pool's settings. Recovery after every connection was cut needs nothing here: pg-pool
 * drops a client whose connection failed and opens new ones on demand. application_name is the
 * schema, so pg_stat_activity (and a test that cuts one service's connections) can tell services apart.
 */
export function poolOptions(
  options: DatabaseModuleOptions,
  schema: string,
  config: Pick<AppConfig, 'DATABASE_PREPARED_STATEMENTS' | 'DATABASE_POOL_SIZE'>,
): Record<string, unknown> {
  return {
    Client: preparingClient(config.DATABASE_PREPARED_STATEMENTS),
    max: config.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // TCP keepalive finds a connection whose peer vanished without closing it (failover, a dropped NAT entry).
    keepAlive: true,
    application_name: schema,
    options: `-c search_path=${schema}`,
  };
}
