// The console server on its own, against a stand-in upstream: what it proxies, streams and refuses.
import * as fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import jwt from 'jsonwebtoken';
import { createConsoleServer } from '../src/console-server';

const SECRET = 'console-test-secret-0123456789';

describe('console server', () => {
  let upstream: Server;
  let upstreamUrl: string;
  let staticDir: string;
  const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];
  let streamClosed: Promise<void>;
  let markStreamClosed: () => void;

  beforeAll(async () => {
    streamClosed = new Promise((resolve) => (markStreamClosed = resolve));
    upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url?.startsWith('/v1/stream')) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
          res.write('event: snapshot\ndata: {"n":0}\n\n');
          const timer = setInterval(() => res.write('event: tick\ndata: {}\n\n'), 50);
          res.on('close', () => (clearInterval(timer), markStreamClosed()));
          return;
        }
        if (req.url?.startsWith('/v1/locations')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify([
              { id: 's-1', name: 'One', address: { city: 'Lyon' }, active: true },
              { id: 's-2', name: 'Closed', active: false },
            ]),
          );
        }
        res.writeHead(409, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({ type: 'urn:omni:problem:task-state', title: 'Conflict', status: 409, taskStatus: 'packed' }),
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  });

  afterAll(async () => {
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  const start = async (nodeEnv: string): Promise<{ app: FastifyInstance; url: string }> => {
    const services = { inventory: upstreamUrl, orders: upstreamUrl, fulfilment: upstreamUrl, returns: upstreamUrl };
    const app = await createConsoleServer({ staticDir, services, nodeEnv, jwtSecret: SECRET });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url };
  };

  it('passes requests and their bodies, headers and problem answers through unchanged', async () => {
    const { app, url } = await start('production');
    try {
      const res = await fetch(`${url}/api/fulfilment/v1/tasks/abc/pick?x=1`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer t0k',
          'content-type': 'application/json',
          'idempotency-key': 'k-1',
          cookie: 'secret=1',
        },
        body: JSON.stringify({ lines: [{ orderLineId: 'l1', pickedQty: 2 }] }),
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ type: 'urn:omni:problem:task-state', taskStatus: 'packed' });
      const last = seen[seen.length - 1];
      expect(last).toMatchObject({
        method: 'POST',
        url: '/v1/tasks/abc/pick?x=1',
        body: '{"lines":[{"orderLineId":"l1","pickedQty":2}]}',
      });
      expect(last.headers).toMatchObject({ authorization: 'Bearer t0k', 'idempotency-key': 'k-1' });
      expect(last.headers.cookie).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('streams Server-Sent Events as they are written, and ends the upstream stream when the browser leaves', async () => {
    const { app, url } = await start('production');
    try {
      const controller = new AbortController();
      const res = await fetch(`${url}/api/inventory/v1/stream`, { signal: controller.signal });
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: snapshot');
      // Further events arrive while the stream is open, not when it ends.
      const next = new TextDecoder().decode((await reader.read()).value);
      expect(next).toContain('event: tick');
      controller.abort();
      await expect(
        Promise.race([
          streamClosed,
          new Promise((_, reject) => setTimeout(() => reject(new Error('upstream stream still open')), 5000)),
        ]),
      ).resolves.toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('reaches only the public API of the four services', async () => {
    const { app, url } = await start('production');
    try {
      for (const target of [
        '/api/inventory/metrics',
        '/api/inventory/health/ready',
        '/api/billing/v1/x',
        '/api/inventory/v1/%2e%2e/metrics',
      ]) {
        const res = await fetch(`${url}${target}`);
        expect([target, res.status]).toEqual([target, 404]);
      }
    } finally {
      await app.close();
    }
  });

  it('has no development sign-in outside development, and says so to the app', async () => {
    const { app, url } = await start('production');
    try {
      expect(
        (
          await fetch(`${url}/dev/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"role":"store","locations":["s-1"]}',
          })
        ).status,
      ).toBe(404);
      expect((await fetch(`${url}/dev/stores`)).status).toBe(404);
      expect(await (await fetch(`${url}/console-config.json`)).json()).toEqual({ devSignIn: false });
    } finally {
      await app.close();
    }
  });

  it('mints development tokens signed like npm run token, and lists the active stores', async () => {
    const { app, url } = await start('development');
    try {
      const res = await fetch(`${url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"role":"store","locations":["s-2","s-1"]}',
      });
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      expect(jwt.verify(token, SECRET, { algorithms: ['HS256'] })).toMatchObject({
        role: 'store',
        channel: 'pos',
        locations: ['s-2', 's-1'],
        sub: 'store:s-1,s-2',
      });
      const bad = await fetch(`${url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"role":"store","locations":[]}',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({
        type: 'urn:omni:problem:invalid-request',
        errors: [{ field: 'locations' }],
      });
      expect(await (await fetch(`${url}/dev/stores`)).json()).toEqual([{ id: 's-1', name: 'One', city: 'Lyon' }]);
      expect(await (await fetch(`${url}/console-config.json`)).json()).toEqual({ devSignIn: true });
    } finally {
      await app.close();
    }
  });

  it('serves the app with a strict content security policy, and the app for any other page', async () => {
    const { app, url } = await start('production');
    try {
      const res = await fetch(`${url}/queue/anything`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await app.close();
    }
  });
});
