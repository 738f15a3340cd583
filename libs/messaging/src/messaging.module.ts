import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry, TransactionHost } from '@omni/platform';
import { EventLog, type ConsumerStatus } from './event-log/event-log';
import { createEventLog } from './event-log/kafkajs-event-log';
import { Inbox } from './inbox/inbox';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { registerPipelineSource } from './metrics/messaging-metrics';
import { EventPublisher } from './outbox/event-publisher';
import { OutboxRelay } from './relay/outbox-relay';
import { EventTransport } from './transport/event-transport';

/** Why a consumer cannot serve yet, or null when it can. */
export function consumerNotReady(s: ConsumerStatus): string | null {
  if (s.state !== 'joined') return `${s.groupId} is ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`;
  if (!s.caughtUp) return `${s.groupId} is catching up`;
  if (s.stuck.length) return `${s.groupId} is stuck on ${s.stuck.join(', ')}`;
  return null;
}

/**
 * Readiness and the pipeline metrics of this process, and the stop in the order that loses nothing:
 * consumers are closed by Nest, then the relay flushes, then the client goes.
 */
@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationShutdown {
  private unregister: () => void = () => undefined;

  constructor(
    private readonly eventLog: EventLog,
    private readonly relay: OutboxRelay,
    private readonly readiness: ReadinessRegistry,
    private readonly tx: TransactionHost,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  onModuleInit(): void {
    this.readiness.register('kafka', () => this.eventLog.ping());
    // Every consumer of the process (the business consumer, and any feed a service runs) in its group and caught up.
    this.readiness.register('consumers', async () => {
      const reasons = this.eventLog
        .subscriptions()
        .map((s) => consumerNotReady(s.status()))
        .filter((r) => r !== null);
      if (reasons.length) throw new Error(reasons.join('; '));
    });
    this.unregister = registerPipelineSource({
      service: this.options.service,
      consumers: () => this.eventLog.subscriptions().map((s) => s.status()),
      outboxBacklog: async () => {
        const [row] = await this.tx.manager.query(
          `SELECT count(*)::int AS rows, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
             FROM "${this.options.schema}".outbox WHERE sent_at IS NULL`,
        );
        return { rows: row.rows, oldestAgeSeconds: row.age };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unregister();
    await this.relay.stop();
    await this.eventLog.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: EventLog,
          useFactory: (o: MessagingOptions) => createEventLog(o.service, o.brokers),
          inject: [MESSAGING_OPTIONS],
        },
        EventPublisher,
        Inbox,
        OutboxRelay,
        EventTransport,
        MessagingLifecycle,
      ],
      exports: [MESSAGING_OPTIONS, EventLog, EventPublisher, Inbox, OutboxRelay, EventTransport],
    };
  }
}
