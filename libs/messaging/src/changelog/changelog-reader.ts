import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  CHANGELOG_TOPIC_CONFIG,
  changelogTopicOf,
  validateEvent,
  type ChangelogName,
  type EventDefinition,
  type EventEnvelope,
} from '@omni/contracts';
import type { EventLog, IncomingRecord, Subscription } from '../event-log/event-log';
import type { MessagingOptions } from '../messaging-options';

const CAUGHT_UP_POLL_MS = 50;
const BATCH = 500;

export interface ChangelogReaderOptions {
  /** Names the reader in its consumer group (`<group>-<name>-<uuid>`). */
  name: string;
  changelogs: readonly ChangelogName[];
  /** The state records this reader projects; the others on those topics are passed over unread. */
  definitions: readonly EventDefinition[];
  /**
   * Applies validated records, the last of each key in a batch; must still keep the newest per entity
   * by its own timestamp (a replica replaying from the beginning meets records older than what another wrote).
   */
  apply(events: EventEnvelope[]): Promise<void>;
}

/**
 * A projection's feed from compacted changelogs (Kafka Streams' global-table restore): at every start
 * it reads them from the beginning under a consumer group of this process's own, so neither a new
 * service group, nor a fresh schema, nor the event topics' retention leaves the projection empty,
 * and then follows them. There is no inbox: the records are states, and applying the newest per
 * entity is idempotent. `caughtUp` turns true once everything that was on the changelogs when it
 * started has been applied; until then the projection is cold and nothing may be decided from it.
 */
export class ChangelogReader {
  private readonly logger: Logger;
  private subscription: Subscription | null = null;
  private caughtUpOnce = false;
  private readonly caughtUpWaiters: Array<() => void> = [];
  private poller: NodeJS.Timeout | null = null;

  constructor(
    private readonly eventLog: EventLog,
    private readonly messaging: MessagingOptions,
    private readonly options: ChangelogReaderOptions,
  ) {
    this.logger = new Logger(`ChangelogReader(${options.name})`);
  }

  async start(): Promise<void> {
    const topics = this.options.changelogs.map((c) => changelogTopicOf(c, this.messaging.topicPrefix));
    await this.eventLog.ensureTopics(topics, this.messaging.partitions, { configEntries: CHANGELOG_TOPIC_CONFIG });
    const wanted = new Set(this.options.definitions.map((d) => d.type));
    this.subscription = await this.eventLog.consume(
      {
        groupId: `${this.messaging.groupId}-${this.options.name}-${randomUUID()}`,
        topics,
        fromBeginning: true,
        concurrency: this.messaging.partitionsConsumedConcurrently,
        maxBatch: BATCH,
        accepts: (type) => wanted.has(type),
      },
      async (records) => {
        // A partition holds a key's records in the order they were written: only the last of a batch counts.
        const latest = new Map<string, IncomingRecord>();
        for (const record of records) latest.set(`${record.topic}\u0000${record.key ?? record.offset}`, record);
        const events: EventEnvelope[] = [];
        for (const record of latest.values()) {
          try {
            const raw = JSON.parse(record.value ?? 'null') as { type?: string } | null;
            if (wanted.has(raw?.type ?? '')) events.push(validateEvent(raw));
          } catch (error) {
            // A state record nobody can read stays unread; the entity's next record replaces it.
            this.logger.error(
              `skipping unreadable ${record.topic}/${record.partition}@${record.offset}: ${(error as Error).message}`,
            );
          }
        }
        if (events.length) await this.options.apply(events);
      },
    );
    this.poller = setInterval(() => this.checkCaughtUp(), CAUGHT_UP_POLL_MS);
    this.poller.unref();
  }

  /** Has applied, at least once since this process started, everything the changelogs held at its start. */
  get caughtUp(): boolean {
    this.checkCaughtUp();
    return this.caughtUpOnce;
  }

  /** Nothing known to be left to read: every partition at its end as last probed (a recent, not a start-time, view). */
  get current(): boolean {
    const status = this.subscription?.status();
    return !!status && this.caughtUp && status.state === 'joined' && status.partitions.every((p) => p.lag === 0);
  }

  /** Resolves once caughtUp. */
  whenCaughtUp(): Promise<void> {
    if (this.caughtUp) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.subscription?.stop();
    this.subscription = null;
  }

  private checkCaughtUp(): void {
    if (this.caughtUpOnce || !this.subscription?.status().caughtUp) return;
    this.caughtUpOnce = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    this.logger.log(`caught up with ${this.options.changelogs.join(', ')}`);
    for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
  }
}
