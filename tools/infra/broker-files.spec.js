'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { config } = require('./config');
const {
  ensureJava,
  ensureKafkaJars,
  formatStorageIfNeeded,
  javaArgs,
  libsPresent,
  randomClusterId,
  writeKafkaConfig,
} = require('./broker-files');
const { isolateEnv, scratchDir } = require('./spec-support');

describe("tools/infra broker's files", () => {
  isolateEnv();
  let dir;
  let cfg;
  beforeEach(() => {
    dir = scratchDir();
    Object.assign(process.env, { INFRA_DIR: dir, KAFKA_PORT: '59192', KAFKA_CONTROLLER_PORT: '59193' });
    cfg = config();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a single-node KRaft configuration on the configured ports, folders and logs', () => {
    writeKafkaConfig(cfg);
    const server = fs.readFileSync(cfg.serverProperties, 'utf8');
    expect(server).toContain('process.roles=broker,controller\n');
    expect(server).toContain('controller.quorum.voters=1@127.0.0.1:59193\n');
    expect(server).toContain('listeners=PLAINTEXT://127.0.0.1:59192,CONTROLLER://127.0.0.1:59193\n');
    expect(server).toContain('advertised.listeners=PLAINTEXT://127.0.0.1:59192\n');
    expect(server).toContain(`log.dirs=${cfg.dataDir}\n`);
    expect(server).toContain('auto.create.topics.enable=false\n');
    expect(fs.readFileSync(cfg.log4jProperties, 'utf8')).toContain(
      `log4j.appender.kafkaAppender.File=${cfg.logsDir}/server.log\n`,
    );
    expect(fs.readFileSync(cfg.toolsLog4jProperties, 'utf8')).toContain('log4j.rootLogger=WARN, stderr\n');
    expect(fs.statSync(cfg.dataDir).isDirectory() && fs.statSync(cfg.logsDir).isDirectory()).toBe(true);
  });

  it('makes Kafka-style cluster ids that never look like a flag', () => {
    const ids = Array.from({ length: 500 }, randomClusterId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('runs Kafka classes from the jars folder with their own log4j file', () => {
    expect(javaArgs(cfg, '/x/log4j.properties', 'kafka.Kafka', ['server.properties'], ['-Xmx1g'])).toEqual([
      '-Xmx1g',
      '-Dlog4j.configuration=file:/x/log4j.properties',
      '-cp',
      `${cfg.libsDir}${path.sep}*`,
      'kafka.Kafka',
      'server.properties',
    ]);
  });

  // Without them it runs Maven: infra.spec.js checks what `up` says when there is none.
  it('fetches no jars when the pinned broker jar is there', async () => {
    expect(libsPresent(cfg)).toBe(false);
    fs.mkdirSync(cfg.libsDir, { recursive: true });
    fs.writeFileSync(path.join(cfg.libsDir, `kafka_2.13-${cfg.version}.jar`), '');
    expect(libsPresent(cfg)).toBe(true);
    expect(await ensureKafkaJars(cfg, () => undefined)).toBe(false);
  });

  it('formats the storage only once', async () => {
    fs.mkdirSync(cfg.dataDir, { recursive: true });
    fs.writeFileSync(path.join(cfg.dataDir, 'meta.properties'), 'cluster.id=x\n');
    expect(await formatStorageIfNeeded(cfg, () => undefined)).toBe(false);
  });

  it('names the java it could not run (JAVA_HOME)', async () => {
    process.env.JAVA_HOME = path.join(dir, 'no-jdk');
    await expect(ensureJava(config())).rejects.toThrow(
      `cannot run Java ("${path.join(dir, 'no-jdk', 'bin', 'java')} -version" failed`,
    );
  });
});
