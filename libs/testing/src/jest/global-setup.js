// Finds the real Postgres and Kafka once per `jest` run (integration project). Kafka is, in order:
//  - the broker KAFKA_BROKERS names, when it is set: used as it is, never started or stopped;
//  - else testcontainers' broker where a Docker engine answers (started here, removed at teardown);
//  - else a broker of this run's own (libs/testing/src/own-broker.js: a folder of its own, free
//    ports), removed at teardown.
// So a test run never uses, let alone stops, the broker `npm start` runs on 127.0.0.1:9092. The
// run's own broker and every private broker a test starts (startPrivateBroker) live in the run's
// folder (OMNI_TEST_RUN_DIR), removed at teardown and also when the run is interrupted (Ctrl-C) or
// crashes, when jest skips teardown and afterAll hooks.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { removeBrokersUnder, startOwnBroker } = require('../own-broker');

const TEST_DATABASE = 'omni_test';
const infra = () => require(path.join(__dirname, '../../../../tools/infra/infra.js'));

function dockerEngineAnswers() {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainers() {
  const { PostgreSqlContainer } = require('@testcontainers/postgresql');
  const { KafkaContainer } = require('@testcontainers/kafka');
  const [postgres, kafka] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine').withDatabase('postgres').start(),
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
  ]);
  globalThis.__omniContainers = [postgres, kafka];
  process.env.DATABASE_URL = postgres.getConnectionUri();
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  process.env.OMNI_TEST_INFRA = 'testcontainers';
}

async function useNamedBroker() {
  const brokers = process.env.KAFKA_BROKERS;
  if (!(await infra().kafkaReady(brokers)))
    throw new Error(`KAFKA_BROKERS=${brokers} does not answer (the tests use it as it is, and never start it)`);
  console.log(`[test] kafka: ${brokers} (KAFKA_BROKERS), used as it is`);
}

/** The run's folder for brokers; whatever is in it goes with this process, however it ends. */
function makeRunDir() {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'omni-test-run-'));
  globalThis.__omniTestRunDir = dir;
  process.env.OMNI_TEST_RUN_DIR = dir;
  process.once('exit', () => removeBrokersUnder(dir));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      removeBrokersUnder(dir);
      process.kill(process.pid, signal); // our listener is gone: the signal now does what it would have done
    });
  }
}

async function startOwnTestBroker() {
  const broker = await startOwnBroker({ label: 'test-broker' });
  globalThis.__omniTestBroker = broker;
  process.env.KAFKA_BROKERS = broker.address;
  console.log(`[test] kafka: a broker of this run's own on ${broker.address} (${broker.infraDir})`);
}

async function ensureTestDatabase() {
  const admin = new URL(process.env.DATABASE_URL);
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEST_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${TEST_DATABASE}`);
  } finally {
    await client.end();
  }
  const test = new URL(admin);
  test.pathname = `/${TEST_DATABASE}`;
  process.env.TEST_DATABASE_URL = test.toString();
}

module.exports = async () => {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  makeRunDir();
  if (!process.env.KAFKA_BROKERS && process.env.OMNI_TEST_INFRA !== 'local' && dockerEngineAnswers()) {
    await startContainers();
  } else {
    process.env.OMNI_TEST_INFRA = 'local';
    await infra().ensurePostgres();
    if (process.env.KAFKA_BROKERS) await useNamedBroker();
    else await startOwnTestBroker();
  }
  await ensureTestDatabase();
};
