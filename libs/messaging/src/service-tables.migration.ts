import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTable, dropIdempotencyTable } from '@omni/platform';
import { createMessagingTables, dropMessagingTables } from './messaging-tables';

/** The tables every service keeps beside its own: outbox, inbox and idempotency keys (foundationModules() lists it first). */
export class ServiceTables1732400000000 implements MigrationInterface {
  name = 'ServiceTables1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await createIdempotencyTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropIdempotencyTable(queryRunner);
    await dropMessagingTables(queryRunner);
  }
}
