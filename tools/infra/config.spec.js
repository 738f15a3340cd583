'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { config, intEnv, parseBrokers, parseDatabaseUrl, readKafkaVersion, REPO_ROOT } = require('./config');
const { isolateEnv, scratchDir } = require('./spec-support');

describe('tools/infra configuration', () => {
  isolateEnv();

  it('defaults to a local broker on 9092/9093 under <repo>/.infra and the Postgres on 127.0.0.1:5432', () => {
    const cfg = config();
    const version = readKafkaVersion();
    expect(REPO_ROOT).toBe(path.resolve(__dirname, '..', '..'));
    expect(cfg).toMatchObject({
      version,
      infraDir: path.join(REPO_ROOT, '.infra'),
      kafkaHome: path.join(REPO_ROOT, '.infra', `kafka-${version}`),
      libsDir: path.join(REPO_ROOT, '.infra', `kafka-${version}`, 'libs'),
      dataDir: path.join(REPO_ROOT, '.infra', 'kafka-data'),
      pidFile: path.join(REPO_ROOT, '.infra', 'kafka.pid'),
      lockFile: path.join(REPO_ROOT, '.infra', 'up.lock'),
      kafkaPort: 9092,
      controllerPort: 9093,
      localBroker: '127.0.0.1:9092',
      kafkaExternal: false,
      startTimeoutMs: 90_000,
      java: 'java',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    expect(cfg.brokers).toEqual([{ host: '127.0.0.1', port: 9092, address: '127.0.0.1:9092' }]);
  });

  it('reads every knob from the environment, on every call', () => {
    Object.assign(process.env, {
      INFRA_DIR: 'scratch/infra',
      KAFKA_PORT: '59092',
      KAFKA_CONTROLLER_PORT: '59093',
      KAFKA_START_TIMEOUT_MS: '5000',
      KAFKA_JARS_DIR: '/opt/jars',
      DATABASE_URL: 'postgres://omni@db:5433/omni',
      JAVA_HOME: '/opt/jdk',
    });
    const cfg = config();
    expect(cfg).toMatchObject({
      infraDir: path.resolve('scratch/infra'),
      libsDir: '/opt/jars',
      kafkaPort: 59092,
      controllerPort: 59093,
      localBroker: '127.0.0.1:59092',
      kafkaExternal: false,
      startTimeoutMs: 5000,
      java: path.join('/opt/jdk', 'bin', 'java'),
      databaseUrl: 'postgres://omni@db:5433/omni',
    });
    process.env.KAFKA_PORT = '59094';
    expect(config().kafkaPort).toBe(59094);
  });

  it('takes INFRA_DIR by its real path: a symlink to a folder names that folder (and its broker)', () => {
    const dir = scratchDir();
    try {
      const real = path.join(fs.realpathSync(dir), 'infra');
      fs.mkdirSync(real);
      fs.symlinkSync(real, path.join(dir, 'link'));
      process.env.INFRA_DIR = path.join(dir, 'link');
      const cfg = config();
      expect(cfg).toMatchObject({
        infraDir: real,
        kafkaHome: path.join(real, `kafka-${cfg.version}`),
        serverProperties: path.join(real, `kafka-${cfg.version}`, 'config', 'server.properties'),
        pidFile: path.join(real, 'kafka.pid'),
        lockFile: path.join(real, 'up.lock'),
      });
      // One that does not exist yet (the first `up` makes it) is resolved as far as it exists.
      process.env.INFRA_DIR = path.join(dir, 'link', 'new', 'infra');
      expect(config().infraDir).toBe(path.join(real, 'new', 'infra'));
      // KAFKA_JARS_DIR, unset, follows it; set, it is taken as given.
      expect(config().libsDir).toBe(path.join(real, 'new', 'infra', `kafka-${cfg.version}`, 'libs'));
      process.env.KAFKA_JARS_DIR = path.join(dir, 'link', 'kafka-x', 'libs');
      expect(config().libsDir).toBe(path.join(dir, 'link', 'kafka-x', 'libs'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['127.0.0.1:59092'],
    ['localhost:59092'],
    ['PLAINTEXT://127.0.0.1:59092'],
    ['[::1]:59092'],
    ['127.0.0.1:59092, localhost:59092'],
  ])('takes KAFKA_BROKERS=%s as the local broker of KAFKA_PORT', (brokers) => {
    Object.assign(process.env, { KAFKA_PORT: '59092', KAFKA_BROKERS: brokers });
    expect(config().kafkaExternal).toBe(false);
  });

  it.each([['127.0.0.1:9092'], ['kafka:9092'], ['127.0.0.1:59092,10.0.0.5:9092']])(
    'takes KAFKA_BROKERS=%s as external when KAFKA_PORT is 59092',
    (brokers) => {
      Object.assign(process.env, { KAFKA_PORT: '59092', KAFKA_BROKERS: brokers });
      expect(config().kafkaExternal).toBe(true);
    },
  );

  it('refuses a port or timeout that is not a positive integer, and takes an empty one as unset', () => {
    for (const bad of ['0', '-1', '1.5', 'abc']) {
      process.env.KAFKA_PORT = bad;
      expect(() => config()).toThrow(`KAFKA_PORT must be a positive integer, got "${bad}"`);
    }
    process.env.KAFKA_PORT = '';
    expect(config().kafkaPort).toBe(9092);
    expect(intEnv('KAFKA_START_TIMEOUT_MS', 90_000)).toBe(90_000);
  });

  it('parses broker lists and refuses what is not host:port', () => {
    expect(parseBrokers(' a:1 ,PLAINTEXT://b:2,,[::1]:3')).toEqual([
      { host: 'a', port: 1, address: 'a:1' },
      { host: 'b', port: 2, address: 'b:2' },
      { host: '[::1]', port: 3, address: '[::1]:3' },
    ]);
    expect(() => parseBrokers('kafka')).toThrow('invalid broker address "kafka" (expected host:port)');
  });

  it('reads a DATABASE_URL, and knows the machine’s own Postgres from another', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/postgres')).toEqual({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'postgres',
      local: true,
      display: '127.0.0.1:5432/postgres (user postgres)',
    });
    expect(parseDatabaseUrl('postgres://omni@db.internal/shop')).toMatchObject({
      host: 'db.internal',
      port: 5432,
      user: 'omni',
      database: 'shop',
      local: false,
    });
    expect(parseDatabaseUrl('postgres://alice@localhost:5433')).toMatchObject({ database: 'alice', local: false });
    expect(() => parseDatabaseUrl('nope')).toThrow('invalid DATABASE_URL "nope"');
  });

  it('reads the pinned Kafka version from tools/infra/kafka/pom.xml', () => {
    expect(readKafkaVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
