import { DynamicModule, Global, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@omni/platform';
import { EventLog } from './event-log/event-log';
import { KafkaJsEventLog } from './event-log/kafkajs-event-log';
import { Inbox } from './inbox/inbox';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { EventPublisher } from './outbox/event-publisher';
import { OutboxRelay } from './relay/outbox-relay';
import { EventTransport } from './transport/event-transport';

/** Stops in the order that loses nothing: consumers are closed by Nest, then the relay flushes, then the client goes. */
@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly eventLog: EventLog,
    private readonly relay: OutboxRelay,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('kafka', () => this.eventLog.ping());
  }

  async onApplicationShutdown(): Promise<void> {
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
        { provide: EventLog, useFactory: (o: MessagingOptions) => new KafkaJsEventLog(o.service, o.brokers), inject: [MESSAGING_OPTIONS] },
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
