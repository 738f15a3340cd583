import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@omni/messaging';
import { createIdempotencyTable } from '@omni/platform';

export class MessagingTables1732400000000 implements MigrationInterface {
  name = 'MessagingTables1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await createIdempotencyTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
    await dropMessagingTables(queryRunner);
  }
}
