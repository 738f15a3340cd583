// Publishes other services' events onto their topics, the way those services would, and small HTTP helpers.
import { randomUUID } from 'node:crypto';
import { topicOf, type Actor, type EventDefinition, type EventEnvelope, type LocationChangedV1 } from '@omni/contracts';
import { KafkaJsEventLog, type IncomingRecord, type OutgoingRecord } from '@omni/messaging';
import type { RunningService } from '@omni/testing';
import { eventually } from '@omni/testing';

export function envelope<T>(definition: EventDefinition<T>, key: string, data: T, actor: Actor = {}): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: new Date().toISOString(),
    source: definition.source,
    key,
    correlationId: randomUUID(),
    causationId: null,
    actor,
    data,
  };
}

/** A producer standing in for inventory, fulfilment and returns. */
export class FixturePublisher {
  private readonly log: KafkaJsEventLog;

  constructor(
    private readonly prefix: string,
    brokers: string,
  ) {
    this.log = new KafkaJsEventLog(`fixtures-${randomUUID().slice(0, 8)}`, brokers.split(','));
  }

  async publish<T>(definition: EventDefinition<T>, key: string, data: T, actor: Actor = {}): Promise<EventEnvelope<T>> {
    const event = envelope(definition, key, data, actor);
    await this.log.send([{ topic: topicOf(definition.source, this.prefix), key, value: JSON.stringify(event), headers: {} }]);
    return event;
  }

  /** Re-sends records exactly as they were read (same event ids, same keys). */
  async resend(records: readonly IncomingRecord[]): Promise<void> {
    const out: OutgoingRecord[] = records.map((r) => ({ topic: r.topic, key: r.key ?? '', value: r.value ?? '', headers: r.headers }));
    for (let i = 0; i < out.length; i += 200) await this.log.send(out.slice(i, i + 200));
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

export function location(id: string, patch: Partial<LocationChangedV1> = {}): LocationChangedV1 {
  return {
    id,
    type: 'store',
    name: `Store ${id}`,
    address: { line1: '1 High St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' },
    lat: 53.8,
    lng: -1.55,
    timezone: 'Europe/London',
    capabilities: ['sells_in_store', 'bopis', 'accepts_returns'],
    active: true,
    updatedAt: new Date().toISOString(),
    ...patch,
  };
}

export const ADDRESS = { line1: '2 Low Rd', city: 'York', postalCode: 'YO1 7HH', country: 'GB' };

export interface Http {
  status: number;
  contentType: string;
  body: Record<string, unknown> & { [k: string]: unknown };
}

export async function call(svc: RunningService, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Http> {
  const res = await fetch(`${svc.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : {} };
}

export async function waitForRows(svc: RunningService, sql: string, params: unknown[], count: number, what: string): Promise<void> {
  await eventually(async () => Number((await svc.sql<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) q`, params))[0].n) >= count, 20000, what);
}
