// Inventory-specific helpers for the integration tests; the HTTP client, callers and event fixtures
// come from @omni/testing.
import type { ApiClient, Json } from '@omni/testing';

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

export async function receive(admin: ApiClient, sku: string, locationId: string, quantity: number) {
  const res = await admin.post('/v1/stock/movements', {
    sku,
    locationId,
    type: 'receipt',
    quantity,
    reference: 'PO-1',
  });
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
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: reader.controller.signal,
    });
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

  /** Settles when the stream has ended: the server closed it, or close() did. */
  get ended(): Promise<void> {
    return this.done;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
