// TransactionHost against the real Postgres: a deadlock Postgres breaks, connections it terminates
// mid-work, between units and during COMMIT. Nothing about the database is mocked.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { poolOptions } from '../src/database/database-options';
import { transactionRetries } from '../src/database/transaction-retry';
import { CommitOutcomeUnknownError, isDatabaseUnavailable, TransactionHost } from '../src';
import { testDatabaseUrl } from './test-database-url';

const schema = `platform_retry_t${randomBytes(4).toString('hex')}`;
// poolOptions names the pool's connections after the schema: the filter that cuts only this test's connections.
const ours = `datname = current_database() AND application_name = '${schema}' AND pid <> pg_backend_pid()`;
// pg_terminate_backend only in FILTER: beside the filter in WHERE, the planner may call it first, on every session.
const TERMINATE_OURS = `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000))::int AS n FROM pg_stat_activity WHERE ${ours}`;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function retriesOf(reason: string): Promise<number> {
  return (await transactionRetries.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

describe('TransactionHost retries (real Postgres)', () => {
  let dataSource: DataSource;
  let tx: TransactionHost;
  let admin: Client;

  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await admin.query(text, params)).rows as T[];

  /** Waits, without a fixed sleep, for a condition the database reports. */
  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Terminates every connection of the test's pool from another process, waiting until each backend
   * has exited. Synchronous on purpose: the event loop cannot see the connections close until the
   * next unit has already taken one from the pool, as for a request arriving just after a failover.
   */
  function terminateOursBlocking(): number {
    const script = `const { Client } = require('pg');
      const c = new Client({ connectionString: process.argv[1], application_name: 'retry-test-killer' });
      c.connect().then(() => c.query("${TERMINATE_OURS}"))
        .then((r) => { process.stdout.write(String(r.rows[0].n)); return c.end(); })
        .catch((e) => { console.error(e); process.exit(1); });`;
    return Number(
      execFileSync(process.execPath, ['-e', script, testDatabaseUrl()], { cwd: __dirname, encoding: 'utf8' }),
    );
  }

  const ourBackends = async () =>
    (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${ours}`))[0].n;

  beforeAll(async () => {
    admin = new Client({ connectionString: testDatabaseUrl(), application_name: 'retry-test-admin' });
    await admin.connect();
    await sql(`CREATE SCHEMA ${schema}`);
    await sql(`CREATE TABLE ${schema}.counters (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`);
    await sql(`CREATE TABLE ${schema}.flushed (attempt_id text NOT NULL, unit text NOT NULL)`);
    // A COMMIT that takes as long as we like: the deferred trigger runs during COMMIT itself.
    await sql(`CREATE TABLE ${schema}.slow_commits (id serial PRIMARY KEY)`);
    await sql(
      `CREATE FUNCTION ${schema}.sleep_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$`,
    );
    await sql(
      `CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON ${schema}.slow_commits DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${schema}.sleep_at_commit()`,
    );
    dataSource = new DataSource({
      type: 'postgres',
      url: testDatabaseUrl(),
      schema,
      extra: poolOptions({ schema, entities: [], migrations: [] }, schema, {
        DATABASE_PREPARED_STATEMENTS: 500,
        DATABASE_POOL_SIZE: 6,
      }),
    });
    await dataSource.initialize();
    tx = new TransactionHost(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin?.end();
  });

  beforeEach(async () => {
    await sql(`TRUNCATE ${schema}.counters, ${schema}.flushed, ${schema}.slow_commits`);
    await sql(`INSERT INTO ${schema}.counters (id) VALUES (1), (2)`);
  });

  /**
   * Two units that each lock both counters, in opposite order, each waiting (first attempt only)
   * until the other holds its first lock: Postgres must break the cycle by killing one.
   */
  function opposingUnits(options?: { retry?: boolean }, onDeadlock?: (error: unknown) => void) {
    const stats = { attempts: 0, afterCommit: 0 };
    const locked = { a: deferred(), b: deferred() };
    const bump = (m: EntityManager, id: number) => m.query(`UPDATE counters SET n = n + 1 WHERE id = $1`, [id]);
    const unit = (
      name: 'a' | 'b',
      first: number,
      second: number,
      mine: ReturnType<typeof deferred>,
      theirs: ReturnType<typeof deferred>,
    ) =>
      tx.run(async (m) => {
        stats.attempts += 1;
        const attemptId = randomBytes(4).toString('hex');
        // A per-attempt buffer flushed before commit, as the outbox's is: a retry must start with an empty one.
        const buffer = tx.resource(Symbol.for(`flush-${name}`), () => {
          const rows: string[] = [];
          tx.beforeCommit(async (manager) => {
            for (const row of rows)
              await manager.query(`INSERT INTO flushed (attempt_id, unit) VALUES ($1, $2)`, [row, name]);
          });
          return rows;
        });
        buffer.push(attemptId);
        tx.afterCommit(() => (stats.afterCommit += 1));
        await bump(m, first);
        mine.resolve();
        await theirs.promise;
        // As a use case may: catch the failure and throw its own error, or even carry on.
        await bump(m, second).catch((error: unknown) => {
          if (!onDeadlock) throw error;
          onDeadlock(error);
        });
        return name;
      }, options);
    return {
      stats,
      run: () => Promise.allSettled([unit('a', 1, 2, locked.a, locked.b), unit('b', 2, 1, locked.b, locked.a)]),
    };
  }

  it('runs a unit Postgres killed as a deadlock victim again, so both opposing units succeed, once each', async () => {
    const before = await retriesOf('deadlock');
    const { stats, run } = opposingUnits();

    const results = await run();

    expect(results).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'fulfilled', value: 'b' },
    ]);
    expect((await retriesOf('deadlock')) - before).toBe(1);
    expect(stats.attempts).toBe(3);
    // The victim's first attempt rolled back: each unit's effect is there exactly once.
    expect(await sql(`SELECT id, n FROM ${schema}.counters ORDER BY id`)).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
    // beforeCommit resources are per attempt, afterCommit hooks ran for the committed attempts only.
    const flushed = await sql<{ unit: string }>(`SELECT unit FROM ${schema}.flushed ORDER BY unit`);
    expect(flushed.map((r) => r.unit)).toEqual(['a', 'b']);
    expect(stats.afterCommit).toBe(2);
  });

  it.each([
    [
      'throws its own error instead',
      () => {
        throw new Error('the hold collided with a concurrent one');
      },
    ],
    ['swallows it and returns (COMMIT would answer ROLLBACK)', () => undefined],
  ])('runs a unit again whose work caught the deadlock and %s', async (_, onDeadlock) => {
    const before = await retriesOf('deadlock');
    const { stats, run } = opposingUnits(undefined, onDeadlock);

    const results = await run();

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await retriesOf('deadlock')) - before).toBe(1);
    expect(stats).toEqual({ attempts: 3, afterCommit: 2 });
    expect(await sql(`SELECT id, n FROM ${schema}.counters ORDER BY id`)).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('with retry: false, lets the deadlock reach the caller (the control: the units above really deadlock)', async () => {
    const { stats, run } = opposingUnits({ retry: false });

    const results = await run();

    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatchObject({ driverError: expect.objectContaining({ code: '40P01' }) });
    expect(stats).toEqual({ attempts: 2, afterCommit: 1 });
  });

  it('runs a unit whose connection was terminated mid-work again, on a new connection', async () => {
    const before = await retriesOf('connection');
    let attempts = 0;

    const value = await tx.run(async (m) => {
      attempts += 1;
      await m.query(`UPDATE counters SET n = n + 1 WHERE id = 1`);
      if (attempts === 1) {
        const [{ pid }] = await m.query(`SELECT pg_backend_pid() AS pid`);
        await sql(`SELECT pg_terminate_backend($1, 10000)`, [pid]);
      }
      await m.query(`UPDATE counters SET n = n + 1 WHERE id = 2`);
      return attempts;
    });

    expect(value).toBe(2);
    expect((await retriesOf('connection')) - before).toBe(1);
    expect(await sql(`SELECT id, n FROM ${schema}.counters ORDER BY id`)).toEqual([
      { id: 1, n: 1 },
      { id: 2, n: 1 },
    ]);
  });

  it('serves the next units after every pooled connection was terminated, and the pool heals', async () => {
    // Fill the pool with idle connections, all about to be cut.
    await Promise.all(Array.from({ length: 6 }, () => tx.run((m) => m.query(`SELECT pg_sleep(0.05)`))));
    expect(await ourBackends()).toBeGreaterThanOrEqual(2);

    const before = await retriesOf('connection');
    expect(terminateOursBlocking()).toBeGreaterThanOrEqual(2);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => tx.run((m) => m.query(`UPDATE counters SET n = n + 1 WHERE id = 1`))),
    );

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    // The units did meet cut connections: they succeeded by running again.
    expect((await retriesOf('connection')) - before).toBeGreaterThanOrEqual(1);
    expect((await sql<{ n: number }>(`SELECT n FROM ${schema}.counters WHERE id = 1`))[0].n).toBe(6);
    // The dead clients left the pool: what it counts are live backends.
    const pool = (dataSource.driver as unknown as { master: { totalCount: number } }).master;
    await until('the pool to count only live connections', async () => pool.totalCount === (await ourBackends()));
    expect(pool.totalCount).toBeGreaterThan(0);
  });

  it('answers reads outside a transaction with transient errors only, until the pool has dropped every cut connection', async () => {
    const read = () => tx.manager.query(`SELECT n FROM counters WHERE id = 1`);
    await Promise.all(Array.from({ length: 6 }, () => tx.manager.query(`SELECT pg_sleep(0.05)`)));
    const cut = terminateOursBlocking();

    // No transaction to run again, and a single statement may be a write: such a failure goes to the caller (503 over HTTP).
    const failures: unknown[] = [];
    for (let i = 0; i <= cut; i++) {
      const outcome = await read().then(
        (rows) => rows,
        (error: unknown) => void failures.push(error),
      );
      if (outcome) break;
    }

    // The first read takes a cut connection (the event loop was blocked): it fails, and so may a few more.
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.length).toBeLessThanOrEqual(cut);
    expect(failures.filter((e) => !isDatabaseUnavailable(e))).toEqual([]);
    await expect(read()).resolves.toEqual([{ n: 0 }]);
  });

  it('does not run a unit again when its connection was lost during COMMIT, whose outcome is unknown', async () => {
    const before = await retriesOf('connection');
    let attempts = 0;
    const unit = tx.run(async (m) => {
      attempts += 1;
      const [{ pid }] = await m.query(`SELECT pg_backend_pid() AS pid`);
      await m.query(`INSERT INTO slow_commits DEFAULT VALUES`);
      return pid as number;
    });
    unit.catch(() => undefined);

    await until(
      'the unit to be inside COMMIT',
      async () =>
        (await sql(`SELECT 1 FROM pg_stat_activity WHERE ${ours} AND query = 'COMMIT' AND state = 'active'`)).length ===
        1,
    );
    await sql(`${TERMINATE_OURS} AND query = 'COMMIT'`);

    await expect(unit).rejects.toBeInstanceOf(CommitOutcomeUnknownError);
    expect(attempts).toBe(1);
    expect((await retriesOf('connection')) - before).toBe(0);
  });
});
