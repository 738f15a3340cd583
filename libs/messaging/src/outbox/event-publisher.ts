import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_HEADERS, topicOf, topicOfEventType, type EventDefinition, type EventEnvelope } from '@omni/contracts';
import { requestContext, TransactionHost, type StatementPart } from '@omni/platform';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { insertOutboxRows, outboxInsert, type OutboxRow } from './outbox-row';
import { Subject, type Observable } from 'rxjs';
import { assertPublishable } from './publishable';

const OUTBOX_BUFFER = Symbol('outbox-buffer');
const PUBLISHED = Symbol('published-events');

/** A handler's last word on an event it could not process: never silently dropped (docs/architecture.md, "Inbox"). */
export interface DeadLetter {
  consumer: string;
  /** The consumer's service and the schema holding its inbox: where `npm run dlq -- replay` lifts the 'dlq' marker. */
  service?: string;
  schema?: string;
  failedAt: string;
  attempts: number;
  error: { name: string; message: string };
  origin: { topic: string; partition: number; offset: string };
  key: string;
  /** The original record's headers, so a replay republishes it as it was. */
  headers?: Record<string, string>;
  event: unknown;
}

/**
 * The one way to emit events: inside TransactionHost.run(), next to the state change. Events are
 * buffered and written to the outbox by one statement just before the transaction commits, so
 * they exist exactly when the change does. An event its own contract refuses is never buffered:
 * publish throws EventContractViolation (a 422 over HTTP) and the transaction rolls back.
 */
@Injectable()
export class EventPublisher {
  private readonly committedEvents = new Subject<EventEnvelope>();

  constructor(
    private readonly tx: TransactionHost,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  publish<T>(definition: EventDefinition<T>, key: string, data: T): EventEnvelope<T> {
    if (definition.source !== this.options.service) {
      throw new Error(
        `${this.options.service} cannot publish ${definition.type}: each service publishes only its own events`,
      );
    }
    // Thrown inside the caller's transaction, so the state change it belongs to rolls back with it.
    assertPublishable(definition, data);
    const context = requestContext.current();
    const envelope: EventEnvelope<T> = {
      id: randomUUID(),
      type: definition.type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      source: definition.source,
      key,
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
      data,
    };
    this.buffer().push({
      id: envelope.id,
      aggregatetype: definition.source,
      aggregateid: key,
      type: definition.type,
      // Its source's event topic, or its changelog for an entity's state record (one mapping, in contracts).
      topic: topicOfEventType(definition.type, this.options.topicPrefix),
      payload: envelope,
      headers: {
        [EVENT_HEADERS.type]: definition.type,
        [EVENT_HEADERS.id]: envelope.id,
        [EVENT_HEADERS.correlationId]: envelope.correlationId,
      },
    });
    // Kept for committed() only while someone in this process listens (inventory's live feed).
    if (this.committedEvents.observed) this.published().push(envelope);
    return envelope;
  }

  /**
   * Every event this process publishes, once its transaction has committed (never one rolled back):
   * for readers in this process that would otherwise wait for the event's round trip through the
   * relay and Kafka (LiveFeed). The outbox still carries each to everyone else, this process included.
   */
  committed(): Observable<EventEnvelope> {
    return this.committedEvents.asObservable();
  }

  /** The letter's id (its outbox row's, carried in the `event-id` header) names it to `npm run dlq` however often the relay sends it. */
  deadLetter(letter: DeadLetter): string {
    const id = randomUUID();
    this.buffer().push({
      id,
      aggregatetype: 'dlq',
      aggregateid: letter.key,
      type: 'dlq.dead-lettered',
      topic: topicOf('dlq', this.options.topicPrefix),
      payload: letter,
      headers: { [EVENT_HEADERS.type]: 'dlq.dead-lettered', consumer: letter.consumer, [EVENT_HEADERS.id]: id },
    });
    return id;
  }

  /**
   * The events published so far in this transaction, as a write to ride on the caller's next
   * statement (one round trip less at commit): none if nothing was published. The rows leave the buffer
   * when that statement is built: what is published after it is still written just before commit.
   */
  alongside(): StatementPart[] {
    const rows = this.buffer();
    if (!rows.length) return [];
    return [(from) => outboxInsert(this.options.schema, rows.splice(0))(from)];
  }

  private published(): EventEnvelope[] {
    return this.tx.resource(PUBLISHED, () => {
      const envelopes: EventEnvelope[] = [];
      this.tx.afterCommit(() => {
        for (const envelope of envelopes) this.committedEvents.next(envelope);
      });
      return envelopes;
    });
  }

  private buffer(): OutboxRow[] {
    return this.tx.resource(OUTBOX_BUFFER, () => {
      const rows: OutboxRow[] = [];
      this.tx.beforeCommit((manager) => insertOutboxRows(manager, this.options.schema, rows));
      return rows;
    });
  }
}
