import { randomUUID } from 'node:crypto';
import { topicOfEventType, type Actor, type EventDefinition, type EventEnvelope } from '@omni/contracts';
import type { IncomingRecord, OutgoingRecord } from '@omni/messaging';
import { testEventLog } from './test-event-log';

/** An envelope as its owning service would write it: how a test hands an event to a handler or to the log. */
export function fixtureEnvelope<T>(
  definition: EventDefinition<T>,
  key: string,
  data: T,
  options: { occurredAt?: Date; actor?: Actor } = {},
): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    source: definition.source,
    key,
    correlationId: randomUUID(),
    causationId: null,
    actor: options.actor ?? { principal: 'fixture' },
    data,
  };
}

/**
 * Publishes events as their owning service would, onto the (prefixed) topic the contracts map their
 * type to (the service's event topic, or a changelog): how a test plays a service that is not running.
 */
export class EventFixtures {
  private readonly log = testEventLog(`fixtures-${randomUUID().slice(0, 8)}`);

  constructor(private readonly topicPrefix: string) {}

  async publish<T>(
    definition: EventDefinition<T>,
    key: string,
    data: T,
    options: { occurredAt?: Date; actor?: Actor } = {},
  ): Promise<EventEnvelope<T>> {
    const envelope = fixtureEnvelope(definition, key, data, options);
    await this.resend([envelope]);
    return envelope;
  }

  /** Sends envelopes again exactly as they were (redelivery and replay tests). */
  async resend(envelopes: readonly EventEnvelope[]): Promise<void> {
    await this.send(
      envelopes.map((e) => ({
        topic: topicOfEventType(e.type, this.topicPrefix),
        key: e.key,
        value: JSON.stringify(e),
        headers: { 'event-type': e.type },
      })),
    );
  }

  /** Re-sends records exactly as an EventReader read them (same topics, keys, values and headers): replaying a topic. */
  async resendRecords(records: readonly IncomingRecord[]): Promise<void> {
    await this.send(
      records.map((r) => ({ topic: r.topic, key: r.key ?? '', value: r.value ?? '', headers: r.headers })),
    );
  }

  /** In batches, so a whole replayed topic stays under the broker's request size. */
  private async send(records: readonly OutgoingRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 200) await this.log.send(records.slice(i, i + 200));
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
