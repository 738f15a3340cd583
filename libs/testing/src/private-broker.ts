/** A Kafka broker of a test's own: brand new (storage formatted at start), on free ports, killable. */
export interface PrivateBroker {
  /** host:port for KAFKA_BROKERS. */
  address: string;
  /** kill -9, as a crash would: no clean shutdown, no leaving of groups. */
  kill(): void;
  /** A controlled shutdown (SIGTERM); its storage stays for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same storage and ports; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its storage. */
  remove(): Promise<void>;
}

/**
 * Starts a throw-away KRaft broker with the project's own infra script (tools/infra), reusing the
 * jars .infra already holds. Tests that must see a broker with no history, or stop or crash one, use
 * this: they never stop the broker the other tests share, let alone one that `npm start` runs.
 */
export async function startPrivateBroker(): Promise<PrivateBroker> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startOwnBroker } = require('./own-broker.js') as {
    startOwnBroker(options: { label: string }): Promise<PrivateBroker>;
  };
  return startOwnBroker({ label: 'omni-broker' });
}
