import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@omni/messaging';
import { createIdempotencyTable, dropIdempotencyTable } from '@omni/platform';

export class MessagingTables1733000000000 implements MigrationInterface {
  name = 'MessagingTables1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await createIdempotencyTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropIdempotencyTable(queryRunner);
    await dropMessagingTables(queryRunner);
  }
}
