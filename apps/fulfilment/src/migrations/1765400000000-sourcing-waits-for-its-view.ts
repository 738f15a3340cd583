import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sourcing never decides from a cold view: a line may now wait (status `waiting`) until the
 * projections have caught up with inventory's changelogs, or until its pickup store is known
 * (`waiting_for`), and is then sourced by the round it was waiting for (`waiting_trigger`).
 * Holds get their state beside their lines, so a replayed changelog record never brings back a
 * hold that has since ended or been converted.
 */
export class SourcingWaitsForItsView1765400000000 implements MigrationInterface {
  name = 'SourcingWaitsForItsView1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_lines DROP CONSTRAINT order_lines_status_check`);
    await q.query(
      `ALTER TABLE order_lines ADD CONSTRAINT order_lines_status_check CHECK (status IN ('waiting', 'sourcing', 'requested', 'allocated', 'fulfilled', 'unfulfillable', 'cancelled'))`,
    );
    await q.query(`ALTER TABLE order_lines ADD COLUMN waiting_for text, ADD COLUMN waiting_trigger text`);
    await q.query(`CREATE INDEX order_lines_waiting ON order_lines (waiting_for) WHERE status = 'waiting'`);
    await q.query(`
      CREATE TABLE holds (
        hold_id text PRIMARY KEY,
        status text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE holds`);
    await q.query(`DROP INDEX order_lines_waiting`);
    await q.query(`UPDATE order_lines SET status = 'sourcing' WHERE status = 'waiting'`);
    await q.query(`ALTER TABLE order_lines DROP COLUMN waiting_for, DROP COLUMN waiting_trigger`);
    await q.query(`ALTER TABLE order_lines DROP CONSTRAINT order_lines_status_check`);
    await q.query(
      `ALTER TABLE order_lines ADD CONSTRAINT order_lines_status_check CHECK (status IN ('sourcing', 'requested', 'allocated', 'fulfilled', 'unfulfillable', 'cancelled'))`,
    );
  }
}
