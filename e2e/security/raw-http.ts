// The fuzz suite's client: node:http on keep-alive sockets, so a request target goes out byte for byte
// as written (fetch would re-encode a mis-encoded path) and thousands of cases reuse a few connections.
import { Agent, request } from 'node:http';

export interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

export class RawHttp {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  send(method: string, target: string, body?: string, headers: Record<string, string> = {}): Promise<RawReply> {
    const { hostname, port } = new URL(this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          hostname,
          port,
          method,
          path: target,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          // A case that streams (an SSE route that took a hostile query) must fail, not hang the suite.
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const contentType = String(res.headers['content-type'] ?? '');
            resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no complete answer in 15 s to ${method} ${target.slice(0, 200)}`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
