import type { EntitySchema, MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config';

type EntityClass = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;

export interface DatabaseModuleOptions {
  /** The service's own schema: its tables, migrations table and search_path. */
  schema: string;
  /** Listed explicitly: globs break once bundled (nestjs/typeorm#52). */
  entities: EntityClass;
  migrations: Array<new () => unknown>;
  poolSize?: number;
}

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/** DATABASE_SCHEMA overrides the service's schema name (tests give each run its own). */
export function schemaFor(serviceSchema: string, config: AppConfig): string {
  return config.DATABASE_SCHEMA ?? serviceSchema;
}
