import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** When the request's body had arrived (ms since the epoch). */
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  /** The body parsed (null when it is not JSON). */
  json: { id?: string; type?: string; orderId?: string; data?: Record<string, unknown> } | null;
  /** The status it was answered with. */
  status: number;
}

/**
 * A channel backend's webhook endpoint in a test: a real HTTP server on 127.0.0.1 that records every request and
 * answers 200, or the statuses queued for a path first (`answer('/flaky', 500)` fails the next request there once).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly queued = new Map<string, number[]>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0];
        const status = receiver.queued.get(path)?.shift() ?? 200;
        const body = Buffer.concat(chunks).toString('utf8');
        receiver.received.push({ at: Date.now(), path, headers: req.headers, body, json: parsed(body), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The URL of a path on this receiver. */
  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The next requests to `path` are answered with these statuses, in turn; then 200 again. */
  answer(path: string, ...statuses: number[]): void {
    this.queued.set(path, [...(this.queued.get(path) ?? []), ...statuses]);
  }

  /** Forgets what was queued for `path`: it answers 200 again. */
  reset(path: string): void {
    this.queued.delete(path);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parsed(body: string): ReceivedWebhook['json'] {
  try {
    return JSON.parse(body) as ReceivedWebhook['json'];
  } catch {
    return null;
  }
}
