// Small HTTP helpers shared by the inventory integration tests.
import { randomUUID } from 'node:crypto';
import { topicOf, type EventDefinition, type EventEnvelope } from '@omni/contracts';
import { KafkaJsEventLog } from '@omni/messaging';
import type { Principal } from '@omni/platform';
import { uniqueSuffix, type RunningService } from '@omni/testing';

// Response bodies are checked by expect(), not by the compiler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export type Caller = Omit<Principal, 'sub'> & { sub?: string };

export const ADMIN: Caller = { sub: 'admin', role: 'admin', locations: [] };
export const WEB: Caller = { sub: 'web-shop', role: 'channel', channel: 'web', locations: [] };

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
    token,
    get: <T = Json>(path: string) => call<T>('GET', path),
    put: <T = Json>(path: string, body: unknown) => call<T>('PUT', path, body),
    post: <T = Json>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
  };
}

export type Client = ReturnType<typeof client>;

export const location = (type: 'store' | 'warehouse' | 'dc', capabilities: string[], lat = 48.8566, lng = 2.3522) => ({
  type,
  name: `${type} ${lat},${lng}`,
  address: { line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
  lat,
  lng,
  timezone: 'Europe/Paris',
  capabilities,
  active: true,
});

export async function receive(admin: Client, sku: string, locationId: string, quantity: number) {
  const res = await admin.post('/v1/stock/movements', { sku, locationId, type: 'receipt', quantity, reference: 'PO-1' });
  if (res.status !== 201) throw new Error(`receipt failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Reads Server-Sent Events from a streaming response, frame by frame. */
export class SseReader {
  readonly events: Array<{ type: string; data: Json }> = [];
  private readonly controller = new AbortController();
  private done: Promise<void> = Promise.resolve();

  static async open(url: string, token: string): Promise<SseReader> {
    const reader = new SseReader();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: reader.controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
    reader.done = reader.pump(res.body.getReader());
    return reader;
  }

  private async pump(body: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await body.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: ?(.*)$/m.exec(frame)?.[1] ?? 'message';
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.replace(/^data: ?/, ''))
            .join('\n');
          this.events.push({ type, data: data ? JSON.parse(data) : undefined });
        }
      }
    } catch {
      // aborted by close()
    }
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}

/** Publishes events as another service would: straight onto its topic, in the shared envelope. */
export class ForeignPublisher {
  private readonly log: KafkaJsEventLog;

  constructor(private readonly prefix: string) {
    this.log = new KafkaJsEventLog(`test-publisher-${uniqueSuffix()}`, (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
  }

  async publish<T>(definition: EventDefinition<T>, key: string, data: T, id: string = randomUUID()): Promise<EventEnvelope<T>> {
    const envelope: EventEnvelope<T> = {
      id,
      type: definition.type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
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
