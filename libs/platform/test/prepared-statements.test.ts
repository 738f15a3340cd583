// The preparing pg client against the real Postgres, through TypeORM as the services use it: which
// statements a connection has prepared is read from pg_prepared_statements, that session's own view.
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { poolOptions } from '../src/database/database-options';
import { testDatabaseUrl } from './test-database-url';

const schema = `platform_prepared_t${randomBytes(4).toString('hex')}`;
const PREPARED = `SELECT name, statement FROM pg_prepared_statements ORDER BY name`;

/** A one-connection TypeORM data source whose process names at most `limit` statements. */
async function dataSourceNaming(limit: number): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: testDatabaseUrl(),
    extra: poolOptions({ schema, entities: [], migrations: [] }, schema, {
      DATABASE_PREPARED_STATEMENTS: limit,
      DATABASE_POOL_SIZE: 1,
    }),
  });
  return dataSource.initialize();
}

describe('prepared statements (real Postgres)', () => {
  const opened: DataSource[] = [];
  const open = async (limit: number) => {
    const dataSource = await dataSourceNaming(limit);
    opened.push(dataSource);
    return dataSource;
  };

  afterAll(async () => {
    await Promise.all(opened.map((d) => d.destroy()));
  });

  it('prepares a statement with parameters once, runs it by name after, and answers as before', async () => {
    const db = await open(2);
    const text = `SELECT $1::int + 1 AS n`;
    expect(await db.query(text, [1])).toEqual([{ n: 2 }]);
    expect(await db.query(text, [41])).toEqual([{ n: 42 }]);
    expect(await db.query(PREPARED)).toEqual([{ name: 'omni_1', statement: text }]);
  });

  it('leaves statements without parameters, and every text past the limit, unnamed', async () => {
    const db = await open(2);
    await db.query(`SELECT 1 AS one`);
    await db.query(`SELECT $1::text AS a`, ['a']);
    await db.query(`SELECT $1::text AS b`, ['b']);
    expect(await db.query(`SELECT $1::text AS c`, ['c'])).toEqual([{ c: 'c' }]);
    expect((await db.query(PREPARED)).map((r: { statement: string }) => r.statement)).toEqual([
      `SELECT $1::text AS a`,
      `SELECT $1::text AS b`,
    ]);
  });

  it('prepares nothing at a limit of 0 (a pooler that cannot keep prepared statements)', async () => {
    const db = await open(0);
    expect(await db.query(`SELECT $1::int * 2 AS n`, [21])).toEqual([{ n: 42 }]);
    expect(await db.query(PREPARED)).toEqual([]);
  });

  it('keeps what a rolled-back transaction prepared, and prepares again what an aborted one could not', async () => {
    const db = await open(5);
    const runner = db.createQueryRunner();
    try {
      await runner.startTransaction();
      expect(await runner.query(`SELECT $1::int AS n`, [1])).toEqual([{ n: 1 }]);
      await expect(runner.query(`SELECT $1::int / 0 AS n`, [1])).rejects.toThrow(/division by zero/);
      // The transaction is aborted: Postgres refuses to prepare anything more in it.
      await expect(runner.query(`SELECT $1::int + 5 AS n`, [1])).rejects.toThrow(/aborted/);
      await runner.rollbackTransaction();
      expect(await runner.query(`SELECT $1::int + 5 AS n`, [1])).toEqual([{ n: 6 }]);
      expect(await runner.query(`SELECT $1::int AS n`, [7])).toEqual([{ n: 7 }]);
      expect((await runner.query(PREPARED)).map((r: { statement: string }) => r.statement).sort()).toEqual(
        [`SELECT $1::int + 5 AS n`, `SELECT $1::int / 0 AS n`, `SELECT $1::int AS n`].sort(),
      );
    } finally {
      await runner.release();
    }
  });
});
