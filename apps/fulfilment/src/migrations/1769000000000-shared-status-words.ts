import type { MigrationInterface, QueryRunner } from 'typeorm';

// The words as this migration knows them: the code's lists move on, a migration must not.
const TASKS_BEFORE = `'to_pick', 'to_pack', 'packed', 'awaiting_pickup', 'handed_over', 'shipped', 'delivered', 'rejected', 'cancelled', 'expired'`;
const TASKS_AFTER = `'to_pick', 'to_pack', 'packed', 'ready_for_pickup', 'picked_up', 'shipped', 'delivered', 'rejected', 'cancelled', 'expired'`;
const PICKUPS_BEFORE = `'waiting', 'handed_over', 'expired', 'cancelled'`;
const PICKUPS_AFTER = `'waiting', 'picked_up', 'expired', 'cancelled'`;

/**
 * Tasks and pickups say what their order lines say (libs/contracts/src/statuses.ts): `awaiting_pickup`
 * is now `ready_for_pickup`, `handed_over` is `picked_up`. No index names a status that changes.
 * A replica of the previous release still writes the old words, which the new checks refuse: roll
 * fulfilment out with none of those left running.
 */
export class SharedStatusWords1769000000000 implements MigrationInterface {
  name = 'SharedStatusWords1769000000000';

  async up(q: QueryRunner): Promise<void> {
    await rename(q, { awaiting_pickup: 'ready_for_pickup', handed_over: 'picked_up' }, TASKS_AFTER, PICKUPS_AFTER);
  }

  async down(q: QueryRunner): Promise<void> {
    await rename(q, { ready_for_pickup: 'awaiting_pickup', picked_up: 'handed_over' }, TASKS_BEFORE, PICKUPS_BEFORE);
  }
}

async function rename(
  q: QueryRunner,
  words: Record<string, string>,
  taskStatuses: string,
  pickupStatuses: string,
): Promise<void> {
  const [from, to] = [Object.keys(words), Object.values(words)];
  await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_status_check`);
  await q.query(`ALTER TABLE pickups DROP CONSTRAINT pickups_status_check`);
  const renamed = `(SELECT * FROM unnest($1::text[], $2::text[]) AS w(from_word, to_word))`;
  await q.query(`UPDATE tasks t SET status = w.to_word FROM ${renamed} w WHERE t.status = w.from_word`, [from, to]);
  await q.query(`UPDATE pickups p SET status = w.to_word FROM ${renamed} w WHERE p.status = w.from_word`, [from, to]);
  await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN (${taskStatuses}))`);
  await q.query(`ALTER TABLE pickups ADD CONSTRAINT pickups_status_check CHECK (status IN (${pickupStatuses}))`);
}
