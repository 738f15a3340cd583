// Two replicas of every service, each a whole service (HTTP + consumers + relay) run from the run's
// own build as a child process on its own port; both share the service's schema and consumer group.
// A replica can be killed with SIGKILL and started again on the same port. One that exits by itself
// is started again a second later, as a process manager (Kubernetes, `npm start`) would, and counted.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { readEnvFile } = require('../env-file');
const { sleep } = require('./lifecycle');

const SERVICES = ['inventory', 'orders', 'fulfilment', 'returns'];
const RESPAWN_DELAY_MS = 1000;

async function probe(url, timeoutMs = 2000) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

class Replica {
  constructor(cluster, service, index, port) {
    this.cluster = cluster;
    this.service = service;
    this.index = index;
    this.port = port;
    this.name = `${service}#${index}`;
    this.url = `http://127.0.0.1:${port}`;
    this.child = null;
    this.exited = null;
    this.expectExit = false;
    this.logFile = path.join(cluster.cfg.logsDir, `${service}-${index}.log`);
  }

  spawn() {
    const out = fs.openSync(this.logFile, 'a');
    fs.writeSync(out, `\n===== ${new Date().toISOString()} chaos starts ${this.name} on :${this.port} =====\n`);
    const main = path.join(this.cluster.cfg.distDir, 'apps', this.service, 'src', 'main.js');
    try {
      this.child = spawn(process.execPath, ['--enable-source-maps', main], {
        cwd: this.cluster.cfg.root,
        env: { ...this.cluster.env, PORT: String(this.port) },
        stdio: ['ignore', out, out],
      });
    } finally {
      fs.closeSync(out);
    }
    const child = this.child;
    this.exited = null;
    this.expectExit = false;
    this.cluster.lifecycle.track(child.pid);
    child.on('exit', (code, signal) => {
      this.cluster.lifecycle.untrack(child.pid);
      if (this.child !== child) return;
      this.exited = { code, signal, at: Date.now() };
      if (this.expectExit || this.cluster.lifecycle.aborted) return;
      this.cluster.unexpectedExits.push({ replica: this.name, code, signal, at: new Date().toISOString() });
      setTimeout(() => !this.cluster.lifecycle.aborted && this.child === child && this.spawn(), RESPAWN_DELAY_MS);
    });
    return child.pid;
  }

  get running() {
    return this.child !== null && this.exited === null;
  }

  ready() {
    return probe(`${this.url}/health/ready`);
  }

  /** Polls /health/ready until 200 (through a respawn); throws if it was stopped or the time runs out. */
  async waitReady(timeoutMs = 120_000) {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.exited && this.expectExit)
        throw new Error(
          `${this.name} exited (${this.exited.code ?? this.exited.signal}) before it was ready; see ${this.logFile}`,
        );
      if ((await this.ready()) === 200) return Date.now() - started;
      await sleep(250);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms; see ${this.logFile}`);
  }

  async kill9() {
    const child = this.child;
    if (!child || this.exited) throw new Error(`${this.name} is not running`);
    this.expectExit = true;
    child.kill('SIGKILL');
    await this.waitExit(child, 10_000);
  }

  async stop() {
    const child = this.child;
    if (!child || this.exited) return;
    this.expectExit = true;
    child.kill('SIGTERM');
    if (!(await this.waitExit(child, 15_000))) {
      child.kill('SIGKILL');
      await this.waitExit(child, 5_000);
    }
  }

  waitExit(child, ms) {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

class Cluster {
  constructor(cfg, lifecycle) {
    this.cfg = cfg;
    this.lifecycle = lifecycle;
    // .env.example gives every variable its documented default (new ones included); the run's own settings win.
    this.env = {
      ...readEnvFile(path.join(cfg.root, '.env.example')),
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // The build lives outside the repository: its packages are the repository's.
      NODE_PATH: path.join(cfg.root, 'node_modules'),
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL || 'warn',
      HTTP_WORKERS: '1',
      DATABASE_URL: cfg.databaseUrl,
      KAFKA_BROKERS: cfg.brokers,
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_PARTITIONS: String(cfg.partitions),
      KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: String(cfg.consumerConcurrency),
      JWT_SECRET: cfg.jwtSecret,
    };
    delete this.env.DATABASE_SCHEMA;
    delete this.env.KAFKA_GROUP_ID;
    this.replicas = [];
    /** Replicas that exited by themselves (a crash at start, say) and were started again. */
    this.unexpectedExits = [];
    for (let r = 1; r <= cfg.replicas; r++) {
      SERVICES.forEach((service, i) =>
        this.replicas.push(new Replica(this, service, r, cfg.basePort + 100 * r + i + 1)),
      );
    }
  }

  of(service) {
    return this.replicas.filter((r) => r.service === service);
  }

  /** Ports must be free: a replica that cannot listen would look like one that crashed. */
  async assertPortsFree() {
    const busy = [];
    for (const r of this.replicas) if ((await probe(`${r.url}/health/live`, 1000)) !== 0) busy.push(r.port);
    if (busy.length) throw new Error(`ports already answering: ${busy.join(', ')} (set CHAOS_BASE_PORT)`);
  }

  /** First replicas together (each migrates its schema under a lock), then the second ones. */
  async start() {
    fs.mkdirSync(this.cfg.logsDir, { recursive: true });
    this.lifecycle.onCleanup('replicas', () => Promise.all(this.replicas.map((r) => r.stop())));
    for (let r = 1; r <= this.cfg.replicas; r++) {
      const wave = this.replicas.filter((x) => x.index === r);
      for (const replica of wave) replica.spawn();
      await Promise.all(wave.map((replica) => replica.waitReady()));
    }
  }

  async readiness() {
    const statuses = await Promise.all(this.replicas.map((r) => r.ready()));
    return Object.fromEntries(this.replicas.map((r, i) => [r.name, statuses[i]]));
  }
}

module.exports = { Cluster, SERVICES };
