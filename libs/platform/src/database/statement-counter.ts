import { Counter } from 'prom-client';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { metricsRegistry } from '../metrics/metrics.registry';

/**
 * Every statement a service sends (BEGIN and COMMIT included). Round trips, not SQL, are most of what a
 * request or an event costs a service, so this is the figure to watch: the bench divides it per operation.
 */
export const dbStatements = new Counter({
  name: 'db_statements_total',
  help: 'Statements sent to Postgres through TypeORM (each one round trip), BEGIN and COMMIT included',
  registers: [metricsRegistry],
});

/**
 * TypeORM's logger, which it calls before every statement: here it counts, and logs nothing (errors
 * reach the caller, and from there the problem filter or the consumer's log).
 */
export class StatementCounter implements TypeOrmLogger {
  logQuery(): void {
    dbStatements.inc();
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
