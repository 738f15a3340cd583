import type { INestApplication } from '@nestjs/common';
import {
  allChangelogTopics,
  CHANGELOG_TOPIC_CONFIG,
  DLQ_TOPIC_CONFIG,
  SERVICES,
  topicOf,
  type AppName,
} from '@omni/contracts';
import { schemaFor, type AppConfig } from '@omni/platform';
import { EventLog } from './event-log/event-log';
import type { MessagingOptions } from './messaging-options';
import { OutboxRelay } from './relay/outbox-relay';
import { EventTransport } from './transport/event-transport';

export function messagingOptions(config: AppConfig, service: AppName): MessagingOptions {
  return {
    service,
    schema: schemaFor(service, config),
    brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_PARTITIONS,
    groupId: config.KAFKA_GROUP_ID ?? service,
    partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY,
    maxBatch: config.CONSUMER_MAX_BATCH,
    maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
    retryBackoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
    stuckAfterMs: config.CONSUMER_STUCK_AFTER_MS,
    outboxPollMs: config.OUTBOX_POLL_MS,
  };
}

/** Creates the topics, starts the outbox relay and connects the event consumer of an initialised app. */
export async function startMessaging(app: INestApplication, config: AppConfig): Promise<void> {
  const log = app.get(EventLog);
  const prefix = config.KAFKA_TOPIC_PREFIX;
  await log.ensureTopics(
    SERVICES.map((owner) => topicOf(owner, prefix)),
    config.KAFKA_PARTITIONS,
  );
  await log.ensureTopics([topicOf('dlq', prefix)], config.KAFKA_PARTITIONS, { configEntries: DLQ_TOPIC_CONFIG });
  // The changelogs (state others project) are compacted: a consumer rebuilds from them at any age of the log.
  await log.ensureTopics(allChangelogTopics(prefix), config.KAFKA_PARTITIONS, {
    configEntries: CHANGELOG_TOPIC_CONFIG,
  });
  await app.get(OutboxRelay).start();
  app.connectMicroservice({ strategy: app.get(EventTransport) }, { inheritAppConfig: false });
  await app.startAllMicroservices();
}
