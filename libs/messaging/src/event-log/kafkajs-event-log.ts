import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { ConfigResourceTypes, Kafka, logLevel, Partitioners, type Admin, type LogEntry, type Producer } from 'kafkajs';
import {
  EventLog,
  type ConsumeOptions,
  type IncomingRecord,
  type OutgoingRecord,
  type Subscription,
  type TopicOptions,
} from './event-log';
import { consumerRestarts } from '../metrics/messaging-metrics';
import { SupervisedConsumer } from './supervised-consumer';
import './kafkajs-request-queue-fix';

const logger = new Logger('kafka');

// kafkajs logs every retriable protocol answer ("Response Heartbeat ... rebalancing") as an error
// and then retries it; what really fails still surfaces as a crash line or a thrown error.
const RETRIED_NOISE = /^(Response \w+\(|Limiting retries for the idempotent producer)/;

const toNestLog =
  () =>
  ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (RETRIED_NOISE.test(message)) logger.debug(line);
    else if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else logger.debug(line);
  };

/**
 * The event log of a client: services, tests and tools all reach Kafka through the EventLog port,
 * never through the adapter below, so a client swap is this one function.
 */
export function createEventLog(clientId: string, brokers: readonly string[]): EventLog {
  return new KafkaJsEventLog(clientId, [...brokers]);
}

/** kafkajs behind the EventLog port: idempotent producer with acks=all, supervised consumers. */
class KafkaJsEventLog extends EventLog {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private admin: Promise<Admin> | null = null;
  private readonly live = new Set<Subscription>();

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
   * retried until the deadline rather than failing the service's start. Topics that exist already
   * are given `configEntries` where theirs differ (a changelog created by hand without compaction
   * would silently lose the entities it exists to keep).
   */
  async ensureTopics(
    topics: string[],
    partitions: number,
    { configEntries, timeoutMs = 60_000 }: TopicOptions = {},
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.createMissing(topics, partitions, configEntries);
        if (configEntries?.length) await this.alignConfig(topics, configEntries);
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

  private async createMissing(
    topics: string[],
    partitions: number,
    configEntries?: TopicOptions['configEntries'],
  ): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (!missing.length) return;
    try {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          ...(configEntries ? { configEntries: [...configEntries] } : {}),
        })),
      });
    } catch (error) {
      // Another replica may have created them between our list and create.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
  }

  private async alignConfig(topics: string[], wanted: NonNullable<TopicOptions['configEntries']>): Promise<void> {
    const admin = await this.connectedAdmin();
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: wanted.map((w) => w.name),
      })),
    });
    const off = resources.filter((r) =>
      wanted.some((w) => r.configEntries.find((e) => e.configName === w.name)?.configValue !== w.value),
    );
    if (!off.length) return;
    logger.warn(
      `setting ${wanted.map((w) => `${w.name}=${w.value}`).join(', ')} on ${off.map((r) => r.resourceName).join(', ')}`,
    );
    await admin.alterConfigs({
      validateOnly: false,
      resources: off.map((r) => ({
        type: ConfigResourceTypes.TOPIC,
        name: r.resourceName,
        configEntries: [...wanted],
      })),
    });
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

  async consume(options: ConsumeOptions, handle: (records: IncomingRecord[]) => Promise<void>): Promise<Subscription> {
    const consumer = new SupervisedConsumer(this.kafka, () => this.connectedAdmin(), options, handle, {
      onRestart: (groupId) => consumerRestarts.inc({ group: groupId }),
    });
    const subscription: Subscription = {
      status: () => consumer.status(),
      stop: async () => {
        if (!this.live.delete(subscription)) return;
        await consumer.stop();
      },
    };
    this.live.add(subscription);
    consumer.start();
    return subscription;
  }

  subscriptions(): readonly Subscription[] {
    return [...this.live];
  }

  async ping(): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.live].map((s) => s.stop()));
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
