// A Kafka broker of the caller's own: brand-new storage in a folder of its own, free ports, started
// with the project's infra script (tools/infra) and the jars .infra already holds. `up --own` refuses
// a broker something else started on those ports, so whatever this stops or kills is its own.
// Plain CommonJS: the jest global setup (JavaScript) and the TypeScript harness both use it.
'use strict';

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const INFRA = path.join(__dirname, '../../../tools/infra/infra.js');
const PORT_TAKEN = /already in use|already answers/;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the broker in a new folder under `parent` (the test run's folder, OMNI_TEST_RUN_DIR, whose
 * brokers the global setup removes however the run ends; else the system's temporary directory);
 * resolves once it answers. Its methods: kill() (kill -9, as a crash), stop() (controlled shutdown,
 * storage kept), start() (again, same storage and ports), remove() (stop and delete its storage).
 */
async function startOwnBroker({ label = 'omni-broker', parent = process.env.OMNI_TEST_RUN_DIR || os.tmpdir() } = {}) {
  // The jars `npm start` (or an earlier run) fetched into .infra; on a fresh clone `up` fetches them there.
  const jars = require(INFRA).config().libsDir;
  fs.mkdirSync(parent, { recursive: true });
  const infraDir = fs.mkdtempSync(path.join(parent, `${label}-`));
  const pidFile = path.join(infraDir, 'kafka.pid');
  const pid = () => {
    try {
      return Number(fs.readFileSync(pidFile, 'utf8').trim()) || null;
    } catch {
      return null;
    }
  };
  for (let attempt = 1; ; attempt++) {
    const [kafkaPort, controllerPort] = [await freePort(), await freePort()];
    const address = `127.0.0.1:${kafkaPort}`;
    const env = {
      ...process.env,
      INFRA_DIR: infraDir,
      KAFKA_PORT: String(kafkaPort),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_BROKERS: address,
      KAFKA_JARS_DIR: jars,
    };
    const infra = (verb) =>
      new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [INFRA, verb, ...(verb === 'up' ? ['--own'] : [])],
          { env, timeout: 180_000 },
          (error, stdout, stderr) =>
            error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }),
        );
      });
    const broker = {
      address,
      infraDir,
      pid,
      kill: () => process.kill(pid(), 'SIGKILL'),
      stop: async () => {
        await infra('down');
      },
      start: async () => {
        await infra('up');
      },
      remove: async () => {
        await infra('down').catch(() => undefined);
        fs.rmSync(infraDir, { recursive: true, force: true });
      },
    };
    try {
      await broker.start();
      return broker;
    } catch (error) {
      // Another process took a port between our probe and the broker's bind: try two others.
      const output = `${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`;
      if (attempt < 3 && PORT_TAKEN.test(output)) continue;
      removeBrokersUnder(infraDir);
      throw new Error(`could not start a broker of our own in ${infraDir}:\n${output.trim()}`);
    }
  }
}

/** Command line of a process (Linux /proc), or null. */
function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * kill -9 of every broker JVM whose configuration lies under `dir`, then deletes `dir`. At once, so a
 * process that is exiting can still do it. Only brokers of that folder: nothing else is touched.
 */
function removeBrokersUnder(dir) {
  const root = `${fs.existsSync(dir) ? fs.realpathSync(dir) : dir}${path.sep}`;
  const pids = new Set();
  try {
    // First an `infra up` still under way for that folder: it would start a JVM after we looked.
    for (const entry of numericEntries('/proc')) {
      if ((cmdline(entry) ?? []).includes(INFRA) && infraDirOf(entry)?.startsWith(root)) kill(Number(entry));
    }
    for (const entry of numericEntries('/proc')) {
      const args = cmdline(entry) ?? [];
      if (args.includes('kafka.Kafka') && args.some((a) => a.startsWith(root) && a.endsWith('server.properties')))
        pids.add(Number(entry));
    }
  } catch {
    // no /proc: only the pid files say which
    for (const pidFile of pidFilesUnder(dir)) pids.add(Number(fs.readFileSync(pidFile, 'utf8').trim()));
  }
  for (const pid of pids) kill(pid);
  fs.rmSync(dir, { recursive: true, force: true });
}

function kill(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const numericEntries = (dir) => fs.readdirSync(dir).filter((e) => /^\d+$/.test(e));

/** The INFRA_DIR a process runs with (its environment, /proc), by real path as infra.js takes it, with a trailing separator; or null. */
function infraDirOf(pid) {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .find((v) => v.startsWith('INFRA_DIR='));
    if (!line) return null;
    const dir = line.slice('INFRA_DIR='.length);
    return `${fs.existsSync(dir) ? fs.realpathSync(dir) : dir}${path.sep}`;
  } catch {
    return null;
  }
}

function pidFilesUnder(dir) {
  const found = [];
  const walk = (d, depth) => {
    for (const entry of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory() && depth < 2) walk(full, depth + 1);
      else if (entry.name === 'kafka.pid') found.push(full);
    }
  };
  walk(dir, 0);
  return found;
}

module.exports = { startOwnBroker, removeBrokersUnder };
