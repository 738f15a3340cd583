import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { InvalidEventError, sourceOfEventType, topicOf, validateEvent, type EventEnvelope } from '@omni/contracts';
import { requestContext, TransactionHost } from '@omni/platform';
import { isObservable, lastValueFrom } from 'rxjs';
import { EventLog, type IncomingRecord, type Subscription } from '../event-log/event-log';
import { Inbox } from '../inbox/inbox';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { EventPublisher } from '../outbox/event-publisher';
import { EventContext } from './event-context';

/**
 * A Nest microservice transport over the event log. Handlers are `@EventPattern(<event type>)`
 * methods; this transport subscribes to the topics those types live on and, per record:
 * validates the envelope against its contract, runs the handler in one transaction with the
 * inbox row (a redelivery does nothing), retries a failure a bounded number of times and then
 * dead-letters it, so a poison event never stalls its partition (nestjs/nest#14664).
 */
@Injectable()
export class EventTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(EventTransport.name);
  private subscription: Subscription | null = null;

  constructor(
    private readonly eventLog: EventLog,
    private readonly tx: TransactionHost,
    private readonly inbox: Inbox,
    private readonly publisher: EventPublisher,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const types = [...this.messageHandlers.keys()];
      // Nest would run chained handlers of one type concurrently on one transaction: keep one per type.
      const chained = types.filter((type) => this.messageHandlers.get(type)?.next);
      if (chained.length) throw new Error(`one handler per event type, but ${chained.join(', ')} have several`);
      if (types.length) {
        const topics = [...new Set(types.map((type) => topicOf(sourceOfEventType(type), this.options.topicPrefix)))];
        this.subscription = await this.eventLog.consume(
          { groupId: this.options.groupId, topics, fromBeginning: true, concurrency: this.options.partitionsConsumedConcurrently },
          (record) => this.process(record),
        );
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  on(): void {
    // Status events are not surfaced by this transport.
  }

  unwrap<T>(): T {
    return this.eventLog as T;
  }

  private async process(record: IncomingRecord): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(record.value ?? '');
    } catch {
      return this.deadLetter(record, record.value, new InvalidEventError('unparseable record', ['value is not JSON']), 1);
    }
    const type = (raw as { type?: unknown })?.type;
    const handler = typeof type === 'string' ? this.getHandlerByPattern(type) : null;
    if (!handler) return; // another service's business: this consumer ignores types it has no handler for
    let event: EventEnvelope;
    try {
      event = validateEvent(raw);
    } catch (error) {
      return this.deadLetter(record, raw, error as Error, 1);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handleOnce(handler, event, record, attempt);
        return;
      } catch (error) {
        if (attempt >= this.options.maxAttempts) return this.deadLetter(record, raw, error as Error, attempt, event.id);
        this.log.warn(`${event.type} ${event.id} failed (attempt ${attempt}): ${(error as Error).message}`);
        await sleep(this.options.retryBackoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private handleOnce(handler: MessageHandler, event: EventEnvelope, record: IncomingRecord, attempt: number): Promise<void> {
    const context = { correlationId: event.correlationId, causationId: event.id, actor: event.actor };
    return requestContext.run(context, () =>
      this.tx.run(async () => {
        if (!(await this.inbox.claim(this.options.groupId, event.id, event.type))) return;
        const result = await handler(event, new EventContext([record, attempt]));
        // Nest turns a thrown error into an erroring Observable; awaiting it rethrows the original.
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      }),
    );
  }

  /** The dead letter and the inbox row commit together: a redelivered poison event is not retried again. */
  private async deadLetter(record: IncomingRecord, event: unknown, error: Error, attempts: number, eventId?: string): Promise<void> {
    this.log.error(`dead-lettering ${record.topic}/${record.partition}@${record.offset} after ${attempts} attempt(s): ${error.message}`);
    await this.tx.run(async () => {
      if (eventId && !(await this.inbox.claim(this.options.groupId, eventId, 'dlq'))) return;
      this.publisher.deadLetter({
        consumer: this.options.groupId,
        failedAt: new Date().toISOString(),
        attempts,
        error: { name: error.name, message: error.message },
        origin: { topic: record.topic, partition: record.partition, offset: record.offset },
        key: record.key ?? 'unknown',
        event,
      });
    });
  }
}
