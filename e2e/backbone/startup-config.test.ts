import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

// The built service, started as `npm start` starts it, with one variable taken away or spoiled.
function startOrders(env: Record<string, string | undefined>) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(root, 'tools/build.js')).build();
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/omni_test',
    KAFKA_BROKERS: '127.0.0.1:9092',
    JWT_SECRET: 'test-secret-0123456789abcdef',
  };
  return spawnSync(process.execPath, [path.join(root, 'dist/apps/orders/src/main.js')], {
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 30000,
  });
}

describe('start-up configuration', () => {
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
