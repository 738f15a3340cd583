// entitiesFromJson and insertPart against the real Postgres: rows read as JSON hydrate to exactly what
// `find` answers, and entities written as JSON read back as they were.
import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { entitiesFromJson, insertPart, MinorUnitsColumn, writeTogether } from '../src';
import { testDatabaseUrl } from './test-database-url';

@Entity({ name: 'things' })
class Thing {
  @PrimaryColumn('text') id: string;
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column('integer', { name: 'line_no' }) lineNo: number;
  @MinorUnitsColumn('price_minor') priceMinor: number;
  @Column('timestamptz', { name: 'placed_at' }) placedAt: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('jsonb') detail: Record<string, unknown>;
  @Column('text', { name: 'location_ids', array: true }) locationIds: string[];
  @Column('text', { nullable: true }) note: string | null;
}

describe('entitiesFromJson (real Postgres)', () => {
  const schema = `platform_json_t${randomBytes(4).toString('hex')}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: testDatabaseUrl(), schema, entities: [Thing] });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    await dataSource.query(
      `CREATE TABLE ${schema}.things (id text, seq bigserial, line_no int NOT NULL, price_minor bigint NOT NULL,
         placed_at timestamptz NOT NULL, ended_at timestamptz, detail jsonb NOT NULL, location_ids text[] NOT NULL, note text,
         PRIMARY KEY (id, seq))`,
    );
    await dataSource.query(`SELECT setval('${schema}.things_seq_seq', 9007199254740000)`);
    await dataSource.query(
      `INSERT INTO ${schema}.things (id, line_no, price_minor, placed_at, ended_at, detail, location_ids, note) VALUES
         ('a', 1, 4999, '2026-12-02T08:00:00.123456Z', NULL, '{"why": {"nested": [1, "x"]}}', '{s-001,s-002}', 'it''s "quoted"'),
         ('a', 2, 0, '2026-12-02T09:30:00Z', '2026-12-03T00:00:00.5Z', '{}', '{}', NULL)`,
    );
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('hydrates dates, transformers, bigints, jsonb, arrays and nulls as find does', async () => {
    const m = dataSource.manager;
    const found = await m.find(Thing, { order: { lineNo: 'ASC' } });
    const [{ rows }] = await m.query(
      `SELECT json_agg(t ORDER BY t.line_no) AS rows FROM ${schema}.things t WHERE t.id = $1`,
      ['a'],
    );
    const hydrated = entitiesFromJson(m, Thing, rows);

    expect(hydrated).toEqual(found);
    expect(hydrated[0]).toBeInstanceOf(Thing);
    expect(hydrated[0].placedAt).toEqual(new Date('2026-12-02T08:00:00.123Z'));
    expect(hydrated[0].priceMinor).toBe(4999);
    expect(hydrated[0].seq).toBe('9007199254740001');
    expect(hydrated[1].endedAt).toEqual(new Date('2026-12-03T00:00:00.500Z'));
  });

  it('answers no entities for a NULL aggregate (no rows)', async () => {
    const [{ rows }] = await dataSource.manager.query(
      `SELECT json_agg(t) AS rows FROM ${schema}.things t WHERE t.id = 'none'`,
    );
    expect(rows).toBeNull();
    expect(entitiesFromJson(dataSource.manager, Thing, rows)).toEqual([]);
  });

  it('inserts entities as JSON rows, several inserts in one statement, that read back as they were (generated columns take their default)', async () => {
    const m = dataSource.manager;
    const thing = (lineNo: number, detail: Record<string, unknown>, note: string | null) =>
      Object.assign(new Thing(), {
        id: 'b',
        lineNo,
        priceMinor: 123456789,
        placedAt: new Date('2026-12-02T08:00:00.123Z'),
        endedAt: null,
        detail,
        locationIds: ['s-001', 'it\'s "x"'],
        note,
      });
    const written = [thing(1, { why: { nested: [1, 'x'] } }, 'a "quoted" note'), thing(2, {}, null)];

    await writeTogether(m, [insertPart(m, Thing, written.slice(0, 1)), insertPart(m, Thing, written.slice(1))]);

    const found = await m.find(Thing, { where: { id: 'b' }, order: { lineNo: 'ASC' } });
    expect(found.map(({ seq, ...rest }) => ({ seq: typeof seq, ...rest }))).toEqual(
      written.map((t) => ({ ...t, seq: 'string' })),
    );
  });
});
