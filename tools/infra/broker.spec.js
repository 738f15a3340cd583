'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { config } = require('./config');
const {
  findKafkaPid,
  isKafkaBroker,
  isOurKafka,
  kafkaStatus,
  runsPinnedVersion,
  stopKafka,
  upKafka,
} = require('./broker');
const { closedPort, fakeKafka, isolateEnv, scratchDir, silentListener } = require('./spec-support');

const linux = process.platform === 'linux' ? it : it.skip;

/**
 * A process whose command line is a broker's (kafka.Kafka with a server.properties): what /proc shows
 * of ours when given `cfg`, of another folder's when given that folder's server.properties path.
 */
function fakeBrokerProcess(cfgOrProperties, { cwd } = {}) {
  const properties = typeof cfgOrProperties === 'string' ? cfgOrProperties : cfgOrProperties.serverProperties;
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'kafka.Kafka', properties], {
    stdio: 'ignore',
    cwd,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { pid: child.pid, exited, kill: () => (child.kill('SIGKILL'), exited) };
}

describe('tools/infra broker', () => {
  isolateEnv();
  let dir;
  let lines;
  const log = (line) => lines.push(line);
  const local = async (port) => {
    Object.assign(process.env, {
      INFRA_DIR: dir,
      KAFKA_PORT: String(port ?? (await closedPort())),
      KAFKA_CONTROLLER_PORT: String(await closedPort()),
    });
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
        expect(await kafkaStatus(config(), log)).toEqual({
          up: true,
          external: true,
          brokers: `127.0.0.1:${kafka.port}`,
        });
        expect(lines[2]).toBe(`kafka:    reachable external broker(s) 127.0.0.1:${kafka.port} (KAFKA_BROKERS)`);
      } finally {
        await kafka.close();
      }
    });

    it('fails `up` when it does not answer', async () => {
      process.env.KAFKA_BROKERS = `127.0.0.1:${await closedPort()}`;
      await expect(upKafka(config(), log)).rejects.toThrow(
        /^kafka: external broker\(s\) 127\.0\.0\.1:\d+ not reachable \(no ApiVersions answer\)$/,
      );
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
      expect(lines).toEqual([
        `kafka: removing stale pid file (pid ${process.pid} is not running Kafka)`,
        'kafka: not running',
      ]);
      expect(fs.existsSync(cfg.pidFile)).toBe(false);
    });

    it('uses a broker that answers on its port though another folder started it', async () => {
      const kafka = await fakeKafka();
      try {
        const cfg = await local(kafka.port);
        expect(await upKafka(cfg, log)).toEqual({ broker: cfg.localBroker, alreadyRunning: true, foreign: true });
        expect(await kafkaStatus(cfg, log)).toEqual({ up: true, pid: null, broker: cfg.localBroker, foreign: true });
        expect(lines[1]).toBe(
          `kafka:    a broker answers on ${cfg.localBroker} but it was not started from ${cfg.infraDir}`,
        );
      } finally {
        await kafka.close();
      }
    });

    it('refuses to start on a port another program holds', async () => {
      const other = await silentListener();
      try {
        const cfg = await local(other.port);
        await expect(upKafka(cfg, log)).rejects.toThrow(
          `kafka: port ${other.port} on 127.0.0.1 is already in use by another process (not the broker of ${cfg.infraDir}); stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT`,
        );
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
        expect(await kafkaStatus(cfg, log)).toEqual({
          up: true,
          pid: broker.pid,
          broker: cfg.localBroker,
          dataDir: cfg.dataDir,
          version: cfg.version,
        });
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

    linux('takes a broker started through a symlink to its folder for its own, from either path', async () => {
      const kafka = await fakeKafka();
      const link = `${dir}-link`;
      fs.symlinkSync(dir, link);
      const cfg = await local(kafka.port);
      process.env.INFRA_DIR = link;
      const viaLink = config();
      // Started through the link: its command line names the link, not the folder.
      const broker = fakeBrokerProcess(path.join(link, path.relative(cfg.infraDir, cfg.serverProperties)));
      try {
        expect(viaLink.infraDir).toBe(cfg.infraDir);
        for (const c of [cfg, viaLink]) {
          expect(isOurKafka(broker.pid, c)).toBe(true);
          expect(runsPinnedVersion(broker.pid, c)).toBe(true); // so `up` does not restart it
          expect(findKafkaPid(c)).toBe(broker.pid);
        }
        expect(await upKafka(viaLink, log)).toEqual({ pid: broker.pid, broker: cfg.localBroker, alreadyRunning: true });
        expect((await kafkaStatus(cfg, log)).pid).toBe(broker.pid);
        expect(await stopKafka(viaLink, log)).toEqual({ stopped: true, killed: false });
        await broker.exited;
        expect(lines.slice(0, 3)).toEqual([
          `kafka: already running (pid ${broker.pid}, ${cfg.localBroker})`,
          `kafka:    running pid ${broker.pid}, ${cfg.localBroker} (controller 127.0.0.1:${cfg.controllerPort}), Kafka ${cfg.version} KRaft, data ${cfg.dataDir}`,
          `kafka: stopping broker (pid ${broker.pid}, controlled shutdown)...`,
        ]);
        expect(fs.existsSync(cfg.pidFile)).toBe(false);
      } finally {
        await kafka.close();
        await broker.kill();
        fs.rmSync(link, { force: true });
      }
    });

    linux('reads a relative server.properties from the broker’s own working directory', async () => {
      const cfg = await local();
      const relative = path.relative(cfg.infraDir, cfg.serverProperties);
      const ours = fakeBrokerProcess(relative, { cwd: cfg.infraDir });
      const other = scratchDir();
      const theirs = fakeBrokerProcess(relative, { cwd: other });
      try {
        expect(isOurKafka(ours.pid, cfg)).toBe(true);
        expect(runsPinnedVersion(ours.pid, cfg)).toBe(true);
        expect(isOurKafka(theirs.pid, cfg)).toBe(false);
        expect(runsPinnedVersion(theirs.pid, cfg)).toBe(false);
      } finally {
        await ours.kill();
        await theirs.kill();
        fs.rmSync(other, { recursive: true, force: true });
      }
    });

    linux('knows a Kafka broker JVM, its own or not, from any other process', async () => {
      const other = scratchDir();
      const theirs = fakeBrokerProcess(path.join(other, 'kafka-9.9.9', 'config', 'server.properties'));
      try {
        expect(isKafkaBroker(theirs.pid)).toBe(true);
        expect(isKafkaBroker(process.pid)).toBe(false);
      } finally {
        await theirs.kill();
        fs.rmSync(other, { recursive: true, force: true });
      }
      expect(isKafkaBroker(theirs.pid)).toBe(false);
    });

    linux('never deletes a pid file naming a live broker that is not its own (`down` and `up`)', async () => {
      const kafka = await fakeKafka();
      const other = scratchDir();
      const theirs = fakeBrokerProcess(path.join(other, 'kafka-9.9.9', 'config', 'server.properties'));
      try {
        const cfg = await local(kafka.port);
        fs.mkdirSync(cfg.infraDir, { recursive: true });
        fs.writeFileSync(cfg.pidFile, `${theirs.pid}\n`);
        const kept = `kafka: ${cfg.pidFile} names pid ${theirs.pid}, a broker not started from ${cfg.infraDir}; leaving the file alone`;
        expect(await stopKafka(cfg, log)).toEqual({ stopped: false });
        expect(lines).toEqual([kept, 'kafka: not running']);
        expect(await upKafka(cfg, log)).toEqual({ broker: cfg.localBroker, alreadyRunning: true, foreign: true });
        expect(lines.slice(2)).toEqual([
          kept,
          `kafka: a broker not started from ${cfg.infraDir} already answers on ${cfg.localBroker}; using it`,
        ]);
        expect(fs.readFileSync(cfg.pidFile, 'utf8')).toBe(`${theirs.pid}\n`);
        expect(isKafkaBroker(theirs.pid)).toBe(true); // and it was left running
      } finally {
        await kafka.close();
        await theirs.kill();
        fs.rmSync(other, { recursive: true, force: true });
      }
    });

    it('still removes a pid file naming no pid at all', async () => {
      const cfg = await local();
      fs.mkdirSync(cfg.infraDir, { recursive: true });
      fs.writeFileSync(cfg.pidFile, 'garbage\n');
      expect(await stopKafka(cfg, log)).toEqual({ stopped: false });
      expect(lines).toEqual(['kafka: not running']);
      expect(fs.existsSync(cfg.pidFile)).toBe(false);
    });

    it('own: refuses a broker that something else started on its port', async () => {
      const kafka = await fakeKafka();
      try {
        const cfg = await local(kafka.port);
        await expect(upKafka(cfg, log, { own: true })).rejects.toThrow(
          `kafka: a broker not started from ${cfg.infraDir} already answers on ${cfg.localBroker}; ` +
            'refusing to use it (a broker of its own was asked for): pick other ports (KAFKA_PORT / KAFKA_CONTROLLER_PORT)',
        );
        expect(lines).toEqual([]);
      } finally {
        await kafka.close();
      }
    });

    linux('own: takes its own broker, found running', async () => {
      const kafka = await fakeKafka();
      const cfg = await local(kafka.port);
      const broker = fakeBrokerProcess(cfg);
      try {
        expect(await upKafka(cfg, log, { own: true })).toEqual({
          pid: broker.pid,
          broker: cfg.localBroker,
          alreadyRunning: true,
        });
      } finally {
        await kafka.close();
        await broker.kill();
      }
    });
  });
});
