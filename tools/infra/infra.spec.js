'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const infra = require('./infra');
const { closedPort, fakeKafka, isolateEnv, KNOBS, scratchDir } = require('./spec-support');

const CLI = path.join(__dirname, 'infra.js');

/** The JDK `java` on PATH belongs to, if any. */
function javaHome() {
  for (const entry of (process.env.PATH ?? '').split(path.delimiter)) {
    const java = path.join(entry, 'java');
    if (fs.existsSync(java)) return path.dirname(path.dirname(fs.realpathSync(java)));
  }
  return null;
}
const JAVA_HOME = javaHome();

/** Runs `node tools/infra/infra.js <verb...>` (one argument or a list) with only `env` of the knobs set. */
function cli(verb, env) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !KNOBS.includes(name)));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...[verb ?? []].flat()],
      { env: { ...base, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

describe('node tools/infra/infra.js', () => {
  isolateEnv();
  let dir;
  let kafka;
  let env;
  beforeEach(async () => {
    dir = scratchDir();
    kafka = await fakeKafka();
    env = {
      INFRA_DIR: dir,
      KAFKA_BROKERS: `127.0.0.1:${kafka.port}`,
      DATABASE_URL: `postgres://omni@127.0.0.1:${await closedPort()}/omni`,
    };
  });
  afterEach(async () => {
    await kafka.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its programmatic API', () => {
    for (const name of ['up', 'down', 'status', 'kafkaReady', 'postgresReady', 'ensurePostgres', 'config'])
      expect(typeof infra[name]).toBe('function');
  });

  it('ensurePostgres: makes Postgres ready and leaves Kafka alone', async () => {
    Object.assign(process.env, {
      INFRA_DIR: dir,
      KAFKA_PORT: String(await closedPort()),
      DATABASE_URL: env.DATABASE_URL,
    });
    const lines = [];
    await expect(infra.ensurePostgres({ log: (line) => lines.push(line) })).rejects.toThrow(
      /^postgres: 127\.0\.0\.1:\d+\/omni \(user omni\) \(from DATABASE_URL\) is not accepting connections$/,
    );
    expect(lines).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]); // no lock, no broker files: Kafka was not looked at
  });

  it('up --own: refuses a broker that something else started on the port (exit 1); plain `up` uses it', async () => {
    const local = {
      INFRA_DIR: dir,
      KAFKA_PORT: String(kafka.port),
      KAFKA_CONTROLLER_PORT: String(await closedPort()),
      DATABASE_URL: env.DATABASE_URL,
    };
    const refused = await cli(['up', '--own'], local);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `kafka: a broker not started from ${fs.realpathSync(dir)} already answers on 127.0.0.1:${kafka.port}; ` +
        'refusing to use it (a broker of its own was asked for): pick other ports (KAFKA_PORT / KAFKA_CONTROLLER_PORT)\n',
    );
    expect(refused.stdout).not.toContain('using it');
    const used = await cli('up', local);
    expect(used.code).toBe(1); // Postgres is not there
    expect(used.stdout).toContain(
      `[infra] kafka: a broker not started from ${fs.realpathSync(dir)} already answers on 127.0.0.1:${kafka.port}; using it\n`,
    );
    expect(used.stderr).not.toContain('kafka:');
  });

  it('answers anything but up, down or status with its usage (exit 2)', async () => {
    for (const verb of [undefined, 'start']) {
      expect(await cli(verb, env)).toEqual({
        code: 2,
        stdout: '',
        stderr: 'usage: node tools/infra/infra.js up|down|status\n',
      });
    }
  });

  it('status: one line per component, exit 1 unless both are up', async () => {
    const db = new URL(env.DATABASE_URL);
    expect(await cli('status', env)).toEqual({
      code: 1,
      stdout: `kafka:    reachable external broker(s) ${env.KAFKA_BROKERS} (KAFKA_BROKERS)\npostgres: not running (127.0.0.1:${db.port}/omni (user omni))\n`,
      stderr: '',
    });
  });

  it('up: tries both, and fails naming what is not ready', async () => {
    const { code, stdout, stderr } = await cli('up', env);
    expect(code).toBe(1);
    expect(stdout).toContain(`[infra] kafka: external broker(s) ${env.KAFKA_BROKERS} reachable\n`);
    expect(stderr).toMatch(
      /^\[infra\] up failed:\npostgres: 127\.0\.0\.1:\d+\/omni \(user omni\) \(from DATABASE_URL\) is not accepting connections\n$/,
    );
    expect(fs.existsSync(path.join(dir, 'up.lock'))).toBe(false);
  });

  // Without Java `up` stops earlier, at ensureJava.
  (JAVA_HOME ? it : it.skip)('up: says what it needs to fetch the broker’s jars when Maven is not there', async () => {
    const local = {
      INFRA_DIR: dir,
      KAFKA_PORT: String(await closedPort()),
      KAFKA_CONTROLLER_PORT: String(await closedPort()),
      DATABASE_URL: env.DATABASE_URL,
    };
    const { code, stderr } = await cli('up', { ...local, JAVA_HOME, PATH: dir });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'kafka: downloading jars failed: `mvn` not found on PATH (Apache Maven is needed once to fetch the jars)',
    );
  });

  it('down: leaves an external broker alone', async () => {
    expect(await cli('down', env)).toEqual({
      code: 0,
      stdout: `[infra] kafka: KAFKA_BROKERS=${env.KAFKA_BROKERS} is external; nothing to stop\n`,
      stderr: '',
    });
  });

  it('fails with the reason when a knob is invalid', async () => {
    expect(await cli('status', { ...env, KAFKA_PORT: 'abc' })).toEqual({
      code: 1,
      stdout: '',
      stderr: '[infra] status failed:\nKAFKA_PORT must be a positive integer, got "abc"\n',
    });
  });
});
