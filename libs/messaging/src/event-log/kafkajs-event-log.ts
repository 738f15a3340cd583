import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Admin, type LogEntry, type Producer } from 'kafkajs';
import { EventLog, type ConsumeOptions, type IncomingRecord, type OutgoingRecord, type Subscription } from './event-log';
import { PartitionLanes } from './partition-lanes';

const logger = new Logger('kafka');

// How often handled offsets are committed, and how many fetched records may wait per partition.
const COMMIT_INTERVAL_MS = 250;
const LANE_HIGH_WATER = 1000;
// After handing a fetch's batches over, the next fetch waits this long: a steady trickle of events then
// costs at most a fetch per FETCH_PACE_MS instead of one per record (each a round trip, and round trips
// are most of a consumer's CPU), while an idle consumer's fetch simply waits at the broker.
const FETCH_PACE_MS = 5;
// The batches of one fetch are handed over at once, so the pause is paid once per fetch.
const HANDOVERS_AT_ONCE = 64;

// kafkajs logs every retriable protocol answer ("Response Heartbeat ... rebalancing") as an error
// and then retries it; what really fails still surfaces as a crash line or a thrown error.
const RETRIED_NOISE = /^(Response \w+\(|Limiting retries for the idempotent producer)/;

const toNestLog = () => ({ level, log }: LogEntry) => {
  const { message, ...extra } = log;
  const line = `${message} ${JSON.stringify(extra)}`;
  if (RETRIED_NOISE.test(message)) logger.debug(line);
  else if (level === logLevel.ERROR) logger.error(line);
  else if (level === logLevel.WARN) logger.warn(line);
  else logger.debug(line);
};

const decodeHeaders = (headers: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString() : String(v)]));

/** kafkajs behind the EventLog port: idempotent producer with acks=all, one consumer per group. */
export class KafkaJsEventLog extends EventLog {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private admin: Promise<Admin> | null = null;
  private readonly subscriptions = new Set<Subscription>();

  constructor(clientId: string, brokers: string[]) {
    super();
    this.kafka = new Kafka({
      clientId,
      brokers,
      logLevel: logLevel.WARN,
      logCreator: toNestLog,
      retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 3 },
    });
  }

  /**
   * Creates the missing topics and waits until every partition has a leader. A broker that has just
   * started can answer "does not host this topic-partition" for a while after a create, so both are
   * retried until the deadline rather than failing the service's start.
   */
  async ensureTopics(topics: string[], partitions: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.createMissing(topics, partitions);
        const { topics: metadata } = await (await this.connectedAdmin()).fetchTopicMetadata({ topics });
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
        throw new Error(`topics ${topics.join(', ')} have no leader yet`);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        logger.warn(`topics not ready, retrying: ${(error as Error).message}`);
        await sleep(500);
      }
    }
  }

  private async createMissing(topics: string[], partitions: number): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (!missing.length) return;
    try {
      await admin.createTopics({ waitForLeaders: false, topics: missing.map((topic) => ({ topic, numPartitions: partitions })) });
    } catch (error) {
      // Another replica may have created them between our list and create.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
  }

  async send(records: OutgoingRecord[]): Promise<void> {
    if (!records.length) return;
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    try {
      const producer = await this.connectedProducer();
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, rs]) => ({
          topic,
          messages: rs.map(({ key, value, headers }) => ({ key, value, headers })),
        })),
      });
    } catch (error) {
      // A producer that failed mid-flight may hold a stale sequence; the next send starts afresh.
      await this.resetProducer();
      throw error;
    }
  }

  /**
   * Fetching and handling are decoupled through PartitionLanes: kafkajs hands each fetched batch
   * over and fetches again at once, every partition is handled in order on its own, and the offsets
   * handled are committed every COMMIT_INTERVAL_MS (and at stop). A crash redelivers at most that
   * much, which the inbox absorbs.
   */
  async consume(options: ConsumeOptions, handle: (records: IncomingRecord[]) => Promise<void>): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30000,
    });
    const lanes = new PartitionLanes(handle, {
      concurrency: options.concurrency,
      maxBatch: options.maxBatch ?? 1,
      accepts: options.accepts,
      highWater: LANE_HIGH_WATER,
      pause: (topic, partition) => consumer.pause([{ topic, partitions: [partition] }]),
      resume: (topic, partition) => consumer.resume([{ topic, partitions: [partition] }]),
      onError: (first, error) => logger.error(`handling ${first.topic}/${first.partition} from ${first.offset} failed, retrying: ${(error as Error).message}`),
      retryMs: 1000,
    });
    let committing: Promise<void> = Promise.resolve();
    const commit = () =>
      (committing = committing.then(async () => {
        const offsets = lanes.committable();
        if (!offsets.length) return;
        try {
          await consumer.commitOffsets(offsets);
          lanes.markCommitted(offsets);
        } catch (error) {
          // A rebalance or a broker away: the next round commits again (nothing handled is lost, only redelivered).
          logger.debug(`offset commit deferred: ${(error as Error).message}`);
        }
      }));
    const committer = setInterval(() => void commit(), COMMIT_INTERVAL_MS);
    committer.unref();
    consumer.on(consumer.events.GROUP_JOIN, () => lanes.dropPending());
    if (options.onFetched) consumer.on(consumer.events.FETCH, options.onFetched);
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: HANDOVERS_AT_ONCE,
      eachBatch: async ({ batch }) => {
        lanes.push(
          batch.messages.map((message) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: decodeHeaders(message.headers),
          })),
        );
        await sleep(FETCH_PACE_MS);
      },
    });
    const subscription: Subscription = {
      stop: async () => {
        if (!this.subscriptions.delete(subscription)) return;
        clearInterval(committer);
        await lanes.stop();
        await commit();
        await consumer.disconnect();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    await this.resetProducer();
    const admin = this.admin;
    this.admin = null;
    if (admin) await admin.then((a) => a.disconnect()).catch(() => undefined);
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = null));
    }
    return this.producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) await producer.then((p) => p.disconnect()).catch(() => undefined);
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = null));
    }
    return this.admin;
  }
}
