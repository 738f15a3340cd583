// The run's own Kafka broker, through tools/infra/infra.js with its own INFRA_DIR and ports (never
// the shared one on 9092): a fresh log every run, kill -9 from infra's pid file, restart with `up`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { log, sleep, alive } = require('./lifecycle');

/** infra.js reads its settings from the environment on every call. */
function pointInfraAt(cfg) {
  // The jars `npm start` / `npm test` already fetched into .infra serve this broker too (no second download).
  process.env.KAFKA_JARS_DIR ??= require('../infra/infra').config().libsDir;
  process.env.INFRA_DIR = cfg.infraDir;
  process.env.KAFKA_PORT = String(cfg.kafkaPort);
  process.env.KAFKA_CONTROLLER_PORT = String(cfg.kafkaControllerPort);
  process.env.KAFKA_BROKERS = cfg.brokers;
  process.env.DATABASE_URL = cfg.adminUrl;
  return require('../infra/infra');
}

class Broker {
  constructor(cfg, lifecycle) {
    this.cfg = cfg;
    this.lifecycle = lifecycle;
    this.infra = pointInfraAt(cfg);
    this.pid = null;
  }

  get pidFile() {
    return path.join(this.cfg.infraDir, 'kafka.pid');
  }

  infraLog = (message) => log(`infra: ${message}`);

  /** Stops a broker a crashed run left behind, forgets its log, starts a fresh one. */
  async start() {
    const config = this.infra.config();
    if (config.kafkaExternal) throw new Error(`refusing: ${this.cfg.brokers} would be treated as an external broker`);
    await this.infra.down({ log: this.infraLog });
    fs.rmSync(config.dataDir, { recursive: true, force: true });
    fs.rmSync(config.logsDir, { recursive: true, force: true });
    this.lifecycle.onCleanup('broker', async () => {
      await this.infra.down({ log: this.infraLog });
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    });
    await this.up();
  }

  async up() {
    // own: a broker that something else started on these ports is refused, not used.
    const result = await this.infra.up({ log: this.infraLog, own: true });
    this.pid = result.kafka?.pid ?? this.readPid();
    this.lifecycle.track(this.pid);
    return this.pid;
  }

  readPid() {
    try {
      return Number(fs.readFileSync(this.pidFile, 'utf8').trim()) || null;
    } catch {
      return null;
    }
  }

  /** kill -9 of the broker JVM; resolves once it is gone. */
  async kill9() {
    const pid = this.readPid() ?? this.pid;
    if (!pid || !alive(pid)) throw new Error('no broker pid to kill');
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
    this.lifecycle.untrack(pid);
    return pid;
  }
}

module.exports = { Broker };
