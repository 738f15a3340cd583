'use strict';

const { config } = require('./config');
const { postgresStatus, upPostgres } = require('./postgres');
const { closedPort, isolateEnv } = require('./spec-support');

describe('tools/infra Postgres', () => {
  isolateEnv();

  it('reports a Postgres that does not answer as not running', async () => {
    const port = await closedPort();
    process.env.DATABASE_URL = `postgres://omni@127.0.0.1:${port}/omni`;
    const lines = [];
    expect(await postgresStatus(config(), (line) => lines.push(line))).toEqual({
      up: false,
      address: `127.0.0.1:${port}`,
      database: 'omni',
      user: 'omni',
      version: null,
    });
    expect(lines).toEqual([`postgres: not running (127.0.0.1:${port}/omni (user omni))`]);
  });

  it('never tries to start a Postgres that is not the machine’s own 127.0.0.1:5432', async () => {
    const port = await closedPort();
    process.env.DATABASE_URL = `postgres://omni@127.0.0.1:${port}/omni`;
    await expect(upPostgres(config(), () => undefined)).rejects.toThrow(
      `postgres: 127.0.0.1:${port}/omni (user omni) (from DATABASE_URL) is not accepting connections`,
    );
  });
});
