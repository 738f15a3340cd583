// The migration to the shared status words, against the real Postgres: rows stored in the former
// words read as the new ones, the schema then refuses a former word, and down() gives them back.
import { randomUUID } from 'node:crypto';
import { uniqueSuffix } from '@omni/testing';
import type { DataSource } from 'typeorm';
import { fulfilmentMigrations } from '../src/migrations';
import { migrationDataSource } from './support';
import { SharedStatusWords1769000000000 } from '../src/migrations/1769000000000-shared-status-words';

const schema = `fulfilment_words_t${uniqueSuffix()}`;
const dataSourceOf = (migrations: Array<new () => unknown>) => migrationDataSource(schema, migrations);

describe('fulfilment migration: tasks and pickups in the shared status words', () => {
  const before = fulfilmentMigrations.filter((m) => m !== SharedStatusWords1769000000000);
  let db: DataSource;

  const statuses = async () => ({
    tasks: (await db.query(`SELECT order_id AS "orderId", status FROM tasks ORDER BY order_id`)) as unknown[],
    pickups: (await db.query(`SELECT order_id AS "orderId", status FROM pickups ORDER BY order_id`)) as unknown[],
  });

  /** A task in `taskStatus`, with a pickup in `pickupStatus` when it has one. */
  async function storedTask(orderId: string, taskStatus: string, pickupStatus?: string): Promise<void> {
    const [fo, task] = [randomUUID(), randomUUID()];
    await db.query(
      `INSERT INTO fulfilment_orders (id, order_id, location_id, delivery_type, request_id) VALUES ($1, $2, 's-1', 'pickup', $3)`,
      [fo, orderId, randomUUID()],
    );
    await db.query(
      `INSERT INTO tasks (id, fulfilment_order_id, order_id, location_id, delivery_type, status) VALUES ($1, $2, $3, 's-1', 'pickup', $4)`,
      [task, fo, orderId, taskStatus],
    );
    if (pickupStatus)
      await db.query(
        `INSERT INTO pickups (fulfilment_order_id, task_id, order_id, location_id, code_hash, code_salt, expires_at, remind_at, status)
         VALUES ($1, $2, $3, 's-1', 'h', 's', now(), now(), $4)`,
        [fo, task, orderId, pickupStatus],
      );
  }

  beforeAll(async () => {
    db = dataSourceOf(before);
    await db.initialize();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.runMigrations({ transaction: 'each' });
    await storedTask('o-1-ready', 'awaiting_pickup', 'waiting');
    await storedTask('o-2-collected', 'handed_over', 'handed_over');
    await storedTask('o-3-picking', 'to_pick');
    await storedTask('o-4-expired', 'expired', 'expired');
    await db.destroy();
    db = dataSourceOf(fulfilmentMigrations);
    await db.initialize();
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.destroy();
  });

  it('renames the stored words, refuses the former ones from then on, and gives them back on down()', async () => {
    const applied = await db.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(['SharedStatusWords1769000000000']);
    expect(await statuses()).toEqual({
      tasks: [
        { orderId: 'o-1-ready', status: 'ready_for_pickup' },
        { orderId: 'o-2-collected', status: 'picked_up' },
        { orderId: 'o-3-picking', status: 'to_pick' },
        { orderId: 'o-4-expired', status: 'expired' },
      ],
      pickups: [
        { orderId: 'o-1-ready', status: 'waiting' },
        { orderId: 'o-2-collected', status: 'picked_up' },
        { orderId: 'o-4-expired', status: 'expired' },
      ],
    });
    await expect(storedTask('o-5-old-release', 'awaiting_pickup')).rejects.toThrow(/tasks_status_check/);
    await expect(db.query(`UPDATE pickups SET status = 'handed_over' WHERE order_id = 'o-1-ready'`)).rejects.toThrow(
      /pickups_status_check/,
    );

    await db.undoLastMigration({ transaction: 'each' });
    expect(await statuses()).toEqual({
      tasks: [
        { orderId: 'o-1-ready', status: 'awaiting_pickup' },
        { orderId: 'o-2-collected', status: 'handed_over' },
        { orderId: 'o-3-picking', status: 'to_pick' },
        { orderId: 'o-4-expired', status: 'expired' },
      ],
      pickups: [
        { orderId: 'o-1-ready', status: 'waiting' },
        { orderId: 'o-2-collected', status: 'handed_over' },
        { orderId: 'o-4-expired', status: 'expired' },
      ],
    });
  });
});
