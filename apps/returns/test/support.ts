// Helpers for the returns integration tests: an HTTP client per principal, and fixture events
// published onto other services' topics the way those services would.
import { randomUUID } from 'node:crypto';
import { topicOf, type EventDefinition, type EventEnvelope, type OrderPlacedV1 } from '@omni/contracts';
import { KafkaJsEventLog } from '@omni/messaging';
import type { Principal } from '@omni/platform';
import type { RunningService } from '@omni/testing';

/** A response body as the tests read it: its fields are checked by expect(), not by the compiler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export type Caller = Omit<Principal, 'sub'> & { sub?: string };

export const ADMIN: Caller = { sub: 'admin', role: 'admin', locations: [] };
export const WEB: Caller = { sub: 'web-shop', role: 'channel', channel: 'web', locations: [] };
export const storeStaff = (locationId: string): Caller => ({ sub: `staff-${locationId}`, role: 'store', channel: 'pos', locations: [locationId] });

export function client(svc: RunningService, caller: Caller) {
  const token = svc.token(caller);
  const call = async <T = Json>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> => {
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return {
    get: <T = Json>(path: string) => call<T>('GET', path),
    put: <T = Json>(path: string, body: unknown) => call<T>('PUT', path, body),
    post: <T = Json>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
  };
}

export type Client = ReturnType<typeof client>;

/** Publishes events as their owning service would, onto that service's (prefixed) topic. */
export class Fixtures {
  private readonly log: KafkaJsEventLog;

  constructor(
    private readonly prefix: string,
    brokers: string,
  ) {
    this.log = new KafkaJsEventLog(`returns-fixtures-${randomUUID().slice(0, 8)}`, brokers.split(','));
  }

  async publish<T>(definition: EventDefinition<T>, key: string, data: T, occurredAt = new Date()): Promise<EventEnvelope<T>> {
    const envelope: EventEnvelope<T> = {
      id: randomUUID(),
      type: definition.type,
      version: definition.version,
      occurredAt: occurredAt.toISOString(),
      source: definition.source,
      key,
      correlationId: randomUUID(),
      causationId: null,
      actor: {},
      data,
    };
    await this.log.send([{ topic: topicOf(definition.source, this.prefix), key, value: JSON.stringify(envelope), headers: {} }]);
    return envelope;
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

export interface SoldLine {
  orderLineId: string;
  sku: string;
  qty: number;
  unitPriceMinor: number;
}

export function orderPlaced(orderId: string, lines: SoldLine[], pickupAt: string): OrderPlacedV1 {
  return {
    orderId,
    channel: 'web',
    customer: { id: `cust-${orderId}` },
    lines: lines.map((l, i) => ({ ...l, lineNo: i + 1, currency: 'EUR', delivery: { type: 'pickup', locationId: pickupAt } })),
    placedAt: new Date().toISOString(),
  };
}

export const daysAgo = (days: number): Date => new Date(Date.now() - days * 86_400_000);

export const location = (type: 'store' | 'dc', lat: number, lng: number) => ({
  type,
  name: `${type} ${lat},${lng}`,
  address: { line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
  lat,
  lng,
  timezone: 'Europe/Paris',
  capabilities: type === 'store' ? ['sells_in_store', 'bopis', 'accepts_returns'] : ['accepts_returns'],
  active: true,
});
