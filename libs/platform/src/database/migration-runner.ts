import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DATABASE_OPTIONS, schemaFor, type DatabaseModuleOptions } from './database-options';
import { isDatabaseUnavailable } from './transient-errors';

// A start that meets the database away (restarting, its connections cut) waits for it this long.
const START_PATIENCE_MS = 60_000;

/**
 * Runs pending migrations at start. Replicas starting together would race (typeorm#4588), so
 * the run holds a Postgres advisory lock named after the schema. Each migration is its own
 * transaction, so a run cut short by a lost connection is simply run again.
 */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const deadline = Date.now() + START_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.migrate();
      } catch (error) {
        if (!isDatabaseUnavailable(error) || Date.now() > deadline) throw error;
        this.logger.warn(`migrations wait for the database (attempt ${attempt}): ${(error as Error).message}`);
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  private async migrate(): Promise<void> {
    const schema = schemaFor(this.options.schema, this.config);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`omni-migrations-${schema}`]);
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length) this.logger.log(`applied ${applied.map((m) => m.name).join(', ')} to ${schema}`);
    } finally {
      await runner
        .query(`SELECT pg_advisory_unlock(hashtext($1))`, [`omni-migrations-${schema}`])
        .catch(() => undefined);
      await runner.release();
    }
  }
}
