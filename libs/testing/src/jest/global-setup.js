// Starts (or finds) the real Postgres and Kafka once per `jest` run: testcontainers where a
// Docker engine answers, the project's own infra scripts (tools/infra) everywhere else.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');

const TEST_DATABASE = 'omni_test';

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
  process.env.OMNI_KAFKA_CONTAINER = kafka.getId();
  process.env.DATABASE_URL = postgres.getConnectionUri();
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  process.env.OMNI_TEST_INFRA = 'testcontainers';
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
  if (process.env.OMNI_TEST_INFRA !== 'local' && dockerEngineAnswers()) {
    await startContainers();
  } else {
    process.env.OMNI_TEST_INFRA = 'local';
    process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
    await require(path.join(__dirname, '../../../../tools/infra/infra.js')).up();
  }
  await ensureTestDatabase();
};
