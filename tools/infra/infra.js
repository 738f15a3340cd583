#!/usr/bin/env node
/*
 * Local infrastructure for development and tests, without Docker.
 *
 *   node tools/infra/infra.js up       start Kafka (KRaft, single node), check/start Postgres
 *                                      (--own: never use a broker that something else started on the port)
 *   node tools/infra/infra.js down     stop Kafka (Postgres belongs to the machine, left alone)
 *   node tools/infra/infra.js status   one line per component; exit 0 only if both are up
 *
 * Kafka is a real Apache Kafka broker (version pinned in tools/infra/kafka/pom.xml) whose
 * jars are fetched once from Maven Central with `mvn` and started with the machine's `java`.
 *
 * Everything lives under <repo>/.infra/ (or $INFRA_DIR; symlinks resolved, so two paths to one folder are one broker):
 *   kafka-<version>/libs/                    broker + tools jars (Maven copy-dependencies)
 *   kafka-<version>/config/server.properties generated on every `up`
 *   kafka-<version>/config/log4j.properties  broker logging  -> logs/server.log
 *   kafka-<version>/config/tools-log4j.properties  logging for CLI tools (WARN to stderr)
 *   kafka-data/                              KRaft metadata + topic data (formatted once)
 *   logs/                                    server.log, controller.log, state-change.log, kafka.out
 *   kafka.pid                                pid of the broker JVM
 *
 * Environment:
 *   INFRA_DIR              cache/work folder (default <repo>/.infra)
 *   KAFKA_PORT             broker port (default 9092)
 *   KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
 *   KAFKA_BROKERS          if set to anything but 127.0.0.1|localhost:<KAFKA_PORT>, the broker is
 *                          treated as external: `up` only checks it is reachable, `down` does nothing
 *   KAFKA_START_TIMEOUT_MS how long `up` waits for the broker (default 90000)
 *   DATABASE_URL           Postgres (default postgres://postgres@127.0.0.1:5432/postgres)
 *   KAFKA_JARS_DIR         the broker jars to use (default <INFRA_DIR>/kafka-<version>/libs): a second,
 *                          throw-away broker need not fetch them again
 *   JAVA_HOME              if set, $JAVA_HOME/bin/java is used instead of `java` from PATH
 *
 * Programmatic use (e.g. from a Jest globalSetup):
 *   const infra = require('./tools/infra/infra');
 *   await infra.up();                 // throws if something could not be made ready
 *   await infra.up({ own: true });    // the same, refusing a broker this INFRA_DIR did not start
 *   await infra.ensurePostgres();     // Postgres only (a caller whose broker is someone else's)
 *   await infra.kafkaReady();         // true if the broker answers a Kafka ApiVersions request
 *   await infra.postgresReady();      // true if Postgres accepts connections
 *
 * Plain CommonJS, Node >= 20 built-ins only. The parts, each with its spec beside it:
 *   config.js        the settings above, read from the environment on every call
 *   probe.js         readiness probes (a Kafka ApiVersions request, Postgres accepting connections)
 *   broker.js        the local broker's process: find, start, wait for, stop, report
 *   broker-files.js  its jars, generated configuration and KRaft storage
 *   postgres.js      the Postgres check (and start of a local cluster)
 *   lock.js          the lock that serialises concurrent `up`s
 *   util.js          commands, processes, real paths, log files
 */
'use strict';

const { config, parseDatabaseUrl } = require('./config');
const { kafkaStatus, stopKafka, upKafka } = require('./broker');
const { withUpLock } = require('./lock');
const { postgresStatus, upPostgres } = require('./postgres');
const { kafkaReady, postgresReady } = require('./probe');
const { defaultLog, fmtSecs } = require('./util');

/**
 * Makes Postgres and Kafka ready. Resolves a summary; rejects (after trying both) if either failed.
 * `own`: only a broker started from INFRA_DIR will do; one that something else started on the port is an error.
 */
async function up({ log = defaultLog, own = false } = {}) {
  const cfg = config();
  return withUpLock(cfg, log, async () => {
    const result = {};
    const errors = [];
    try {
      result.postgres = await upPostgres(cfg, log);
    } catch (e) {
      errors.push(e);
    }
    try {
      result.kafka = await upKafka(cfg, log, { own });
    } catch (e) {
      errors.push(e);
    }
    if (errors.length) {
      const err = new Error(errors.map((e) => e.message).join('\n'));
      err.result = result;
      throw err;
    }
    return result;
  });
}

/** Stops the local Kafka broker (SIGTERM, then SIGKILL after 30 s). Postgres is left alone. */
async function down({ log = defaultLog } = {}) {
  const cfg = config();
  if (cfg.kafkaExternal) {
    log(`kafka: KAFKA_BROKERS=${cfg.brokers.map((b) => b.address).join(',')} is external; nothing to stop`);
    return { stopped: false };
  }
  return stopKafka(cfg, log);
}

/** Prints one line per component; resolves { ok, kafka, postgres }. */
async function status({ log = (m) => console.log(m) } = {}) {
  const cfg = config();
  parseDatabaseUrl(cfg.databaseUrl); // an invalid DATABASE_URL fails the status before any line
  const kafka = await kafkaStatus(cfg, log);
  const postgres = await postgresStatus(cfg, log);
  return { ok: kafka.up && postgres.up, kafka, postgres };
}

/** Makes Postgres ready (started where it is the machine's own and not running), leaving Kafka alone. */
async function ensurePostgres({ log = defaultLog } = {}) {
  return upPostgres(config(), log);
}

module.exports = { up, down, status, kafkaReady, postgresReady, ensurePostgres, config };

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

if (require.main === module) {
  const cmd = process.argv[2];
  const commands = {
    up: async () => {
      const t0 = Date.now();
      await up({ own: process.argv.includes('--own') });
      defaultLog(`up: done in ${fmtSecs(Date.now() - t0)}`);
      return 0;
    },
    down: async () => {
      await down();
      return 0;
    },
    status: async () => ((await status()).ok ? 0 : 1),
  };
  if (!commands[cmd]) {
    console.error('usage: node tools/infra/infra.js up|down|status');
    process.exit(2);
  }
  commands[cmd]().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`[infra] ${cmd} failed:\n${err && err.message ? err.message : err}`);
      process.exitCode = 1;
    },
  );
}
