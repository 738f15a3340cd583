import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('start-up configuration', () => {
  // The built service, started as `npm start` starts it. Built into a folder of the test run's own
  // (`npm test` hands over the one it built; alone, this file builds one), never into the dist/ that a
  // running `npm start` restarts its services from.
  let dist = process.env.OMNI_TEST_DIST ?? '';
  let builtHere = false;

  beforeAll(() => {
    if (dist) return;
    dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'omni-startup-')), 'dist');
    builtHere = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(root, 'tools/build.js')).build(dist);
  });

  afterAll(() => {
    if (builtHere) fs.rmSync(path.dirname(dist), { recursive: true, force: true });
  });

  /** The orders service with one variable taken away or spoiled; it must stop before it connects to anything. */
  function startOrders(env: Record<string, string | undefined>) {
    const base: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      NODE_PATH: path.join(root, 'node_modules'),
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      JWT_SECRET: 'test-secret-0123456789abcdef',
    };
    return spawnSync(process.execPath, [path.join(dist, 'apps/orders/src/main.js')], {
      env: { ...base, ...env } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 30000,
    });
  }

  it('stops with a message naming a missing required variable', () => {
    const run = startOrders({ JWT_SECRET: undefined });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('JWT_SECRET is required');
  });

  it('stops with a message naming an invalid variable', () => {
    const run = startOrders({ DATABASE_URL: 'mysql://nope' });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('DATABASE_URL must be a postgres:// URL');
  });
});
