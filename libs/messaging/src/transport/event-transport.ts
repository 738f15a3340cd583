import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { InvalidEventError, topicOfEventType, UUID_PATTERN, validateEvent, type EventEnvelope } from '@omni/contracts';
import { isDatabaseUnavailable, requestContext, TransactionHost } from '@omni/platform';
import { isObservable, lastValueFrom } from 'rxjs';
import { EventLog, type IncomingRecord, type Subscription } from '../event-log/event-log';
import { Inbox } from '../inbox/inbox';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { deadLetterType, deadLettersTotal } from '../metrics/dead-letter-metrics';
import { EventPublisher } from '../outbox/event-publisher';
import { EventContext } from './event-context';

interface Ready {
  record: IncomingRecord;
  raw: unknown;
  event: EventEnvelope;
  handler: MessageHandler;
}

// A batch waits this long at most for a row lock (another partition's batch may lock rows in another
// order); past it the batch rolls back and each event runs alone, so a deadlock never costs a second.
const BATCH_LOCK_TIMEOUT_MS = 200;
// While the database is unavailable an event is retried at least this often.
const DATABASE_WAIT_MAX_MS = 2000;

/** The id an invalid envelope claims, when it is a usable one (the dead letter's inbox row is keyed by it). */
const envelopeIdOf = (raw: unknown): string | undefined => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && UUID_PATTERN.test(id) ? id : undefined;
};

/**
 * A record without a usable id is known by where it sits in the log: a redelivery of it (after a
 * rebalance, before its offset was committed) then finds the dead letter's inbox row and is not
 * dead-lettered twice.
 */
const positionId = ({ topic, partition, offset }: IncomingRecord): string => {
  const h = createHash('sha256').update(`${topic}\u0000${partition}\u0000${offset}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * A Nest microservice transport over the event log. Handlers are `@EventPattern(<event type>)`
 * methods; this transport subscribes to the topics those types live on and, per record:
 * validates the envelope against its contract, runs the handler in one transaction with the
 * inbox row (a redelivery does nothing), retries a failure a bounded number of times and then
 * dead-letters it, so a poison event never stalls its partition (nestjs/nest#14664).
 * Records that queued up on a partition are first tried together, in one transaction with one
 * inbox statement: commits, not handlers, are most of an event's cost. If anything in it fails,
 * the batch rolls back and each record takes the one-by-one path above.
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
        const topics = [...new Set(types.map((type) => topicOfEventType(type, this.options.topicPrefix)))];
        this.subscription = await this.eventLog.consume(
          {
            groupId: this.options.groupId,
            topics,
            fromBeginning: true,
            concurrency: this.options.partitionsConsumedConcurrently,
            maxBatch: this.options.maxBatch,
            stuckAfterMs: this.options.stuckAfterMs,
            // Most of a topic is another consumer's business: passed over unparsed.
            accepts: (type) => this.handlerOf(type) !== null,
          },
          (records) => this.processBatch(records),
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

  /**
   * Handlers are registered under plain event types, so a type is their key as it is. Nest's
   * getHandlerByPattern first tries to parse the pattern as JSON, and an event type always fails
   * that: a thrown and caught SyntaxError for every record of the topics, the others' included.
   */
  private handlerOf(type: string): MessageHandler | null {
    return this.messageHandlers.get(type) ?? null;
  }

  private async processBatch(records: IncomingRecord[]): Promise<void> {
    const ready: Ready[] = [];
    for (const record of records) {
      const item = await this.prepare(record);
      if (item) ready.push(item);
    }
    if (ready.length > 1 && (await this.handleTogether(ready))) return;
    for (const item of ready) await this.process(item);
  }

  /** Parses, routes and validates a record; an unreadable or invalid one is dead-lettered here. */
  private async prepare(record: IncomingRecord): Promise<Ready | null> {
    let raw: unknown;
    try {
      raw = JSON.parse(record.value ?? '');
    } catch {
      await this.deadLetter(
        record,
        record.value,
        new InvalidEventError('unparseable record', ['value is not JSON']),
        1,
        positionId(record),
      );
      return null;
    }
    const type = (raw as { type?: unknown })?.type;
    const handler = typeof type === 'string' ? this.handlerOf(type) : null;
    if (!handler) return null; // another service's business: this consumer ignores types it has no handler for
    try {
      return { record, raw, event: validateEvent(raw), handler };
    } catch (error) {
      await this.deadLetter(record, raw, error as Error, 1, envelopeIdOf(raw) ?? positionId(record));
      return null;
    }
  }

  /** All in one transaction, or (answering false) nothing at all. */
  private async handleTogether(ready: readonly Ready[]): Promise<boolean> {
    try {
      await this.tx.run(
        async () => {
          const fresh = await this.inbox.claim(
            this.options.groupId,
            ready.map((r) => r.event),
            { lockTimeoutMs: BATCH_LOCK_TIMEOUT_MS },
          );
          // delete(): an event delivered twice in one batch runs once.
          for (const item of ready) if (fresh.delete(item.event.id)) await this.invoke(item, 1);
          // Not retried as a whole: any failure falls back to the events one by one, each retried.
        },
        { retry: false },
      );
      return true;
    } catch (error) {
      this.log.debug(`a batch of ${ready.length} rolled back, each event runs alone: ${(error as Error).message}`);
      return false;
    }
  }

  private async process(item: Ready): Promise<void> {
    for (let attempt = 1, outage = 0; ;) {
      try {
        await this.tx.run(async () => {
          if ((await this.inbox.claim(this.options.groupId, [item.event])).size) await this.invoke(item, attempt);
        });
        return;
      } catch (error) {
        // The database being away is nobody's poison: wait for it (the dead letter needs it too), and
        // count only the failures of the handler itself towards dead-lettering.
        if (isDatabaseUnavailable(error)) {
          outage += 1;
          this.log.warn(`${item.event.type} ${item.event.id} waits for the database: ${(error as Error).message}`);
          await sleep(Math.min(DATABASE_WAIT_MAX_MS, this.options.retryBackoffMs * 2 ** Math.min(outage, 8)));
          continue;
        }
        if (attempt >= this.options.maxAttempts)
          return this.deadLetter(item.record, item.raw, error as Error, attempt, item.event.id);
        this.log.warn(`${item.event.type} ${item.event.id} failed (attempt ${attempt}): ${(error as Error).message}`);
        await sleep(this.options.retryBackoffMs * 2 ** (attempt - 1));
        attempt += 1;
      }
    }
  }

  /** Runs the handler inside the ambient transaction, with the event's correlation. */
  private invoke({ event, record, handler }: Ready, attempt: number): Promise<void> {
    const context = { correlationId: event.correlationId, causationId: event.id, actor: event.actor };
    return requestContext.run(context, async () => {
      const result = await handler(event, new EventContext([record, attempt]));
      // Nest turns a thrown error into an erroring Observable; awaiting it rethrows the original.
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    });
  }

  /** The dead letter and the inbox row commit together: a redelivered poison event is not retried again. */
  private async deadLetter(
    record: IncomingRecord,
    event: unknown,
    error: Error,
    attempts: number,
    eventId?: string,
  ): Promise<void> {
    this.log.error(
      `dead-lettering ${record.topic}/${record.partition}@${record.offset} after ${attempts} attempt(s): ${error.message}`,
    );
    await this.tx.run(async () => {
      if (eventId && !(await this.inbox.claim(this.options.groupId, [{ id: eventId, type: 'dlq' }])).size) return;
      this.publisher.deadLetter({
        consumer: this.options.groupId,
        service: this.options.service,
        schema: this.options.schema,
        failedAt: new Date().toISOString(),
        attempts,
        error: { name: error.name, message: error.message },
        origin: { topic: record.topic, partition: record.partition, offset: record.offset },
        key: record.key ?? 'unknown',
        headers: record.headers,
        event,
      });
      const labels = { service: this.options.service, consumer: this.options.groupId, type: deadLetterType(event) };
      this.tx.afterCommit(() => deadLettersTotal.inc(labels));
    });
  }
}
