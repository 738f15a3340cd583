// The migration of a hold's lines into its row, against the real Postgres: an active hold's lines,
// in line order, become its `lines`; a hold known only by its lines becomes an active one older than
// any record; one no longer active keeps none; and down() gives the lines table back.
import { uniqueSuffix } from '@omni/testing';
import type { DataSource } from 'typeorm';
import { fulfilmentMigrations } from '../src/migrations';
import { migrationDataSource } from './support';
import { HoldLinesInTheirHold1770000000000 } from '../src/migrations/1770000000000-hold-lines-in-their-hold';

const schema = `fulfilment_hold_lines_t${uniqueSuffix()}`;
const dataSourceOf = (migrations: Array<new () => unknown>) => migrationDataSource(schema, migrations);

const storedLines = `SELECT hold_id AS "holdId", line_no AS "lineNo", sku, location_id AS "locationId", qty
  FROM hold_lines ORDER BY hold_id, line_no`;

describe('fulfilment migration: a hold keeps its lines in its row', () => {
  const before = fulfilmentMigrations.filter((m) => m !== HoldLinesInTheirHold1770000000000);
  let db: DataSource;

  beforeAll(async () => {
    db = dataSourceOf(before);
    await db.initialize();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.runMigrations({ transaction: 'each' });
    await db.query(
      `INSERT INTO holds (hold_id, status, updated_at) VALUES ('h-active', 'active', '2026-01-01T00:00:00Z'), ('h-released', 'released', '2026-01-02T00:00:00Z')`,
    );
    await db.query(
      `INSERT INTO hold_lines (hold_id, line_no, sku, location_id, qty) VALUES
         ('h-active', 2, 'sku-b', 's-1', 1), ('h-active', 1, 'sku-a', 's-2', 3),
         ('h-legacy', 1, 'sku-c', 's-1', 2),
         ('h-released', 1, 'sku-d', 's-1', 5)`,
    );
    await db.destroy();
    db = dataSourceOf(fulfilmentMigrations);
    await db.initialize();
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.destroy();
  });

  it('moves the lines into their holds, in line order, and gives them back on down()', async () => {
    const applied = await db.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(['HoldLinesInTheirHold1770000000000']);
    expect(
      await db.query(
        `SELECT hold_id AS "holdId", status, lines, updated_at = '-infinity' AS "olderThanAnyRecord" FROM holds ORDER BY hold_id`,
      ),
    ).toEqual([
      {
        holdId: 'h-active',
        status: 'active',
        lines: [
          { sku: 'sku-a', locationId: 's-2', qty: 3 },
          { sku: 'sku-b', locationId: 's-1', qty: 1 },
        ],
        olderThanAnyRecord: false,
      },
      {
        holdId: 'h-legacy',
        status: 'active',
        lines: [{ sku: 'sku-c', locationId: 's-1', qty: 2 }],
        olderThanAnyRecord: true,
      },
      { holdId: 'h-released', status: 'released', lines: [], olderThanAnyRecord: false },
    ]);
    await expect(db.query(`SELECT 1 FROM hold_lines`)).rejects.toThrow(/hold_lines/);

    await db.undoLastMigration({ transaction: 'each' });
    expect(await db.query(storedLines)).toEqual([
      { holdId: 'h-active', lineNo: 1, sku: 'sku-a', locationId: 's-2', qty: 3 },
      { holdId: 'h-active', lineNo: 2, sku: 'sku-b', locationId: 's-1', qty: 1 },
      { holdId: 'h-legacy', lineNo: 1, sku: 'sku-c', locationId: 's-1', qty: 2 },
    ]);
    expect(
      await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'holds' AND column_name = 'lines'`,
        [schema],
      ),
    ).toEqual([]);
  });
});
