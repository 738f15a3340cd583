'use strict';

const fs = require('node:fs');
const { spawn } = require('node:child_process');
const { config } = require('./config');
const { findKafkaPid, isOurKafka, kafkaStatus, stopKafka, upKafka } = require('./broker');
const { closedPort, fakeKafka, isolateEnv, scratchDir, silentListener } = require('./spec-support');

const linux = process.platform === 'linux' ? it : it.skip;

/** A process whose command line is the broker's of `cfg` (kafka.Kafka with its server.properties): what /proc shows of ours. */
function fakeBrokerProcess(cfg) {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'kafka.Kafka', cfg.serverProperties], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { pid: child.pid, exited, kill: () => (child.kill('SIGKILL'), exited) };
}

describe('tools/infra broker', () => {
  isolateEnv();
  let dir;
  let lines;
  const log = (line) => lines.push(line);
  const local = async (port) => {
    Object.assign(process.env, { INFRA_DIR: dir, KAFKA_PORT: String(port ?? (await closedPort())), KAFKA_CONTROLLER_PORT: String(await closedPort()) });
    return config();
  };

  beforeEach(() => {
    dir = scratchDir();
    lines = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('an external broker (KAFKA_BROKERS other than 127.0.0.1:KAFKA_PORT)', () => {
    it('is checked, never started', async () => {
      const kafka = await fakeKafka();
      try {
        process.env.KAFKA_BROKERS = `127.0.0.1:${kafka.port}`;
        expect(await upKafka(config(), log)).toEqual({ external: true, brokers: `127.0.0.1:${kafka.port}` });
        expect(lines).toEqual([
          `kafka: KAFKA_BROKERS=127.0.0.1:${kafka.port} is external; checking it, not starting a local broker`,
          `kafka: external broker(s) 127.0.0.1:${kafka.port} reachable`,
        ]);
        expect(await kafkaStatus(config(), log)).toEqual({ up: true, external: true, brokers: `127.0.0.1:${kafka.port}` });
        expect(lines[2]).toBe(`kafka:    reachable external broker(s) 127.0.0.1:${kafka.port} (KAFKA_BROKERS)`);
      } finally {
        await kafka.close();
      }
    });

    it('fails `up` when it does not answer', async () => {
      process.env.KAFKA_BROKERS = `127.0.0.1:${await closedPort()}`;
      await expect(upKafka(config(), log)).rejects.toThrow(/^kafka: external broker\(s\) 127\.0\.0\.1:\d+ not reachable \(no ApiVersions answer\)$/);
      expect((await kafkaStatus(config(), log)).up).toBe(false);
    });
  });

  describe('the local broker', () => {
    it('is reported not running when nothing is there, and `down` only says so', async () => {
      const cfg = await local();
      expect(await kafkaStatus(cfg, log)).toEqual({ up: false, broker: cfg.localBroker });
      expect(await stopKafka(cfg, log)).toEqual({ stopped: false });
      expect(lines).toEqual([`kafka:    not running (${cfg.localBroker})`, 'kafka: not running']);
    });

    it('forgets a pid file that names a process which is not its broker', async () => {
      const cfg = await local();
      fs.mkdirSync(cfg.infraDir, { recursive: true });
      fs.writeFileSync(cfg.pidFile, `${process.pid}\n`);
      expect(isOurKafka(process.pid, cfg)).toBe(false);
      expect(await stopKafka(cfg, log)).toEqual({ stopped: false });
      expect(lines).toEqual([`kafka: removing stale pid file (pid ${process.pid} is not running Kafka)`, 'kafka: not running']);
      expect(fs.existsSync(cfg.pidFile)).toBe(false);
    });

    it('uses a broker that answers on its port though another folder started it', async () => {
      const kafka = await fakeKafka();
      try {
        const cfg = await local(kafka.port);
        expect(await upKafka(cfg, log)).toEqual({ broker: cfg.localBroker, alreadyRunning: true, foreign: true });
        expect(await kafkaStatus(cfg, log)).toEqual({ up: true, pid: null, broker: cfg.localBroker, foreign: true });
        expect(lines[1]).toBe(`kafka:    a broker answers on ${cfg.localBroker} but it was not started from ${cfg.infraDir}`);
      } finally {
        await kafka.close();
      }
    });

    it('refuses to start on a port another program holds', async () => {
      const other = await silentListener();
      try {
        const cfg = await local(other.port);
        await expect(upKafka(cfg, log)).rejects.toThrow(`kafka: port ${other.port} on 127.0.0.1 is already in use by another process (not the broker of ${cfg.infraDir}); stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT`);
      } finally {
        await other.close();
      }
    });

    linux('finds its broker by /proc without a pid file, reports it, and stops it with SIGTERM', async () => {
      const kafka = await fakeKafka();
      const cfg = await local(kafka.port);
      const broker = fakeBrokerProcess(cfg);
      try {
        expect(findKafkaPid(cfg)).toBe(broker.pid);
        expect(await upKafka(cfg, log)).toEqual({ pid: broker.pid, broker: cfg.localBroker, alreadyRunning: true });
        expect(fs.readFileSync(cfg.pidFile, 'utf8')).toBe(`${broker.pid}\n`);
        expect(await kafkaStatus(cfg, log)).toEqual({ up: true, pid: broker.pid, broker: cfg.localBroker, dataDir: cfg.dataDir, version: cfg.version });
        await kafka.close();
        expect(await kafkaStatus(cfg, log)).toEqual({ up: false, pid: broker.pid, broker: cfg.localBroker });
        expect(await stopKafka(cfg, log)).toEqual({ stopped: true, killed: false });
        await broker.exited;
        expect(fs.existsSync(cfg.pidFile)).toBe(false);
        expect(lines).toEqual([
          `kafka: already running (pid ${broker.pid}, ${cfg.localBroker})`,
          `kafka:    running pid ${broker.pid}, ${cfg.localBroker} (controller 127.0.0.1:${cfg.controllerPort}), Kafka ${cfg.version} KRaft, data ${cfg.dataDir}`,
          `kafka:    not ready: pid ${broker.pid} alive but ${cfg.localBroker} not answering (starting or stuck; see ${cfg.serverLog})`,
          `kafka: stopping broker (pid ${broker.pid}, controlled shutdown)...`,
          expect.stringMatching(/^kafka: stopped after \d+\.\ds$/),
        ]);
      } finally {
        await kafka.close().catch(() => undefined);
        await broker.kill();
      }
    });
  });
});
