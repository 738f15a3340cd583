import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  EVENT_HEADERS,
  topicOf,
  topicOfEventType,
  validateEvent,
  type EventDefinition,
  type EventEnvelope,
} from '@omni/contracts';
import { EventLog, EventPublisher, MESSAGING_OPTIONS, type MessagingOptions, type Subscription } from '@omni/messaging';
import { filter, map, Subject, type Observable, type Subscription as RxSubscription } from 'rxjs';

/** Ids of this process's own events delivered ahead of their Kafka copy, kept until the copy arrives (at most this many). */
const MAX_ECHOED = 50_000;

/**
 * This process's view of everything inventory publishes, whichever replica made the change: a
 * consumer of omni.inventory.v1 under a group of its own (so every replica sees every event),
 * starting at the end. It feeds SSE clients and keeps the location and channel-rule caches of all
 * replicas in step. Not a business consumer: nothing here writes state, so there is no inbox.
 * This replica's own events come straight from its commits (EventPublisher.committed), not after
 * the round trip through the relay and the broker; their copy from the topic is then dropped by id.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly subject = new Subject<EventEnvelope>();
  private subscription: Subscription | null = null;
  private readonly wanted = new Set<string>();
  private positioned = false;
  private readonly echoed = new Set<string>();
  private echoes: RxSubscription | null = null;

  constructor(
    private readonly eventLog: EventLog,
    private readonly publisher: EventPublisher,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topic = topicOf('inventory', this.options.topicPrefix);
    this.echoes = this.publisher.committed().subscribe((envelope) => {
      if (!this.wanted.has(envelope.type) || topicOfEventType(envelope.type, this.options.topicPrefix) !== topic)
        return;
      if (this.echoed.size >= MAX_ECHOED) this.echoed.delete(this.echoed.values().next().value as string);
      this.echoed.add(envelope.id);
      this.subject.next(envelope);
    });
    // Messaging creates the topics only after the app is initialised; the first start must not wait for it.
    await this.eventLog.ensureTopics([topic], this.options.partitions);
    this.subscription = await this.eventLog.consume(
      {
        groupId: `${this.options.groupId}-live-${randomUUID()}`,
        topics: [topic],
        fromBeginning: false,
        concurrency: this.options.partitions,
        maxBatch: 500,
        // A group of one is assigned every partition at once: after its first fetch (even an empty one) every later change arrives.
        onFetched: () => (this.positioned = true),
        // What nobody here listens to is not even parsed (records without a type header are, then checked below).
        accepts: (type) => this.wanted.has(type),
      },
      async (records) => {
        for (const record of records) {
          try {
            // This replica's own event was delivered at its commit: its copy is dropped unread.
            const id = record.headers[EVENT_HEADERS.id];
            if (id !== undefined && this.echoed.delete(id)) continue;
            const raw: unknown = JSON.parse(record.value ?? 'null');
            // Validate only what someone here listens to: most of the topic is none of this process's business.
            if (this.wanted.has((raw as { type?: string })?.type ?? '')) this.subject.next(validateEvent(raw));
          } catch (error) {
            this.logger.warn(
              `ignoring unreadable record ${record.topic}/${record.partition}@${record.offset}: ${(error as Error).message}`,
            );
          }
        }
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.echoes?.unsubscribe();
    this.echoes = null;
    await this.subscription?.stop().catch(() => undefined);
    this.subscription = null;
    this.subject.complete();
  }

  /**
   * True once the consumer has fetched. It joins its group in the background and starts at the end of
   * the topic, so until then changes made elsewhere may be missed; after its first fetch nothing
   * published later is, whether or not anything has been published since.
   */
  get live(): boolean {
    return this.positioned && this.subscription !== null;
  }

  of<T>(definition: EventDefinition<T>): Observable<EventEnvelope<T>> {
    this.wanted.add(definition.type);
    return this.subject.pipe(
      filter((e) => e.type === definition.type && e.version === definition.version),
      map((e) => e as EventEnvelope<T>),
    );
  }
}
