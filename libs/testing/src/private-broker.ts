import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const INFRA = path.join(__dirname, '../../../tools/infra/infra.js');

/** A Kafka broker of a test's own: brand new (storage formatted at start), on free ports, killable. */
export interface PrivateBroker {
  /** host:port for KAFKA_BROKERS. */
  address: string;
  /** kill -9, as a crash would: no clean shutdown, no leaving of groups. */
  kill(): void;
  /** Starts it again on the same storage and ports; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its storage. */
  remove(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Starts a throw-away KRaft broker with the project's own infra script (tools/infra), reusing the
 * jars the shared broker already downloaded. Tests that must see a broker with no history, or
 * crash one, use this instead of the broker every other test shares.
 */
export async function startPrivateBroker(): Promise<PrivateBroker> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jars = (require(INFRA) as { config(): { libsDir: string } }).config().libsDir;
  const infraDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omni-broker-'));
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
  const infra = (verb: 'up' | 'down') => promisify(execFile)(process.execPath, [INFRA, verb], { env, timeout: 180_000 });
  const broker: PrivateBroker = {
    address,
    kill: () => {
      const pid = Number(fs.readFileSync(path.join(infraDir, 'kafka.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
    },
    start: async () => {
      await infra('up');
    },
    remove: async () => {
      await infra('down').catch(() => undefined);
      fs.rmSync(infraDir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}
