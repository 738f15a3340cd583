import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { requestContext } from '../context/request-context';
import { jsonBodyParser } from './json-body-parser';
import { ProblemException } from './problem-details';

const LIMIT = 64;

/** A server answering what the parser made of each request: {body} or {status, detail}; `errors` keeps every error passed on. */
function parserServer(errors: unknown[]): Server {
  const parse = jsonBodyParser(LIMIT);
  return createServer((req: IncomingMessage & { body?: unknown }, res) => {
    parse(req, res, (error?: unknown) => {
      if (error) errors.push(error);
      res.setHeader('content-type', 'application/json');
      if (error instanceof ProblemException) res.end(JSON.stringify({ status: error.problem.status, detail: error.problem.detail }));
      else if (error) res.end(JSON.stringify({ status: 500, detail: String(error) }));
      else res.end(JSON.stringify({ body: req.body ?? null, consumed: req.readableEnded }));
    });
  });
}

interface Sent {
  headers?: Record<string, string>;
  /** Written as one piece with a content-length, or as several chunks with transfer-encoding: chunked. */
  body?: string | Buffer | Buffer[];
  method?: string;
}

describe('jsonBodyParser', () => {
  const errors: unknown[] = [];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = parserServer(errors);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = ({ headers = {}, body, method = 'POST' }: Sent): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const chunked = Array.isArray(body);
      const req = request(
        { host: '127.0.0.1', port, method, path: '/', headers: { ...(body !== undefined && !chunked ? { 'content-length': Buffer.byteLength(body) } : {}), ...headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
        },
      );
      req.on('error', reject);
      if (chunked) for (const piece of body) req.write(piece);
      else if (body !== undefined) req.write(body);
      req.end();
    });
  const json = { 'content-type': 'application/json' };

  it('parses a JSON object or array, also from a +json type and with a charset of utf-8', async () => {
    expect(await send({ headers: json, body: '{"sku":"A-1","qty":2}' })).toEqual({ body: { sku: 'A-1', qty: 2 }, consumed: true });
    expect(await send({ headers: { 'content-type': 'application/merge-patch+json' }, body: '[1,2]' })).toMatchObject({ body: [1, 2] });
    expect(await send({ headers: { 'content-type': 'Application/JSON; Charset="UTF-8"' }, body: ' {"a":1}' })).toMatchObject({ body: { a: 1 } });
  });

  it('joins a body that arrives in chunks, and drops a byte order mark', async () => {
    expect(await send({ headers: json, body: [Buffer.from('{"sku":'), Buffer.from('"é"}')] })).toMatchObject({ body: { sku: 'é' } });
    expect(await send({ headers: json, body: '\ufeff{"a":1}' })).toMatchObject({ body: { a: 1 } });
  });

  it('leaves a body of another type unread and unparsed, and passes a request without a body', async () => {
    expect(await send({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })).toEqual({ body: null, consumed: false });
    expect(await send({ headers: { 'content-type': 'text/plain' }, body: '{"a":1}' })).toEqual({ body: null, consumed: false });
    expect(await send({ method: 'GET', headers: json })).toEqual({ body: null, consumed: false });
  });

  it('takes an empty JSON body as {}', async () => {
    expect(await send({ headers: json, body: '' })).toMatchObject({ body: {} });
  });

  it('refuses what is not strict JSON with 400', async () => {
    expect(await send({ headers: json, body: '{"sku": "A-1",' })).toEqual({ status: 400, detail: expect.stringMatching(/^The request body is not valid JSON: /) });
    expect(await send({ headers: json, body: '"A-1"' })).toEqual({ status: 400, detail: 'The request body is not valid JSON: a JSON body must be an object or an array' });
    expect(await send({ headers: json, body: '  ' })).toMatchObject({ status: 400 });
  });

  it('refuses a body over the limit with 413, whether declared or streamed', async () => {
    const big = JSON.stringify({ sku: 'x'.repeat(LIMIT) });
    expect(await send({ headers: json, body: big })).toEqual({ status: 413, detail: `The request body is larger than ${LIMIT} bytes` });
    expect(await send({ headers: json, body: [Buffer.from(big.slice(0, 40)), Buffer.from(big.slice(40))] })).toMatchObject({ status: 413 });
    const exactly = JSON.stringify({ s: 'x'.repeat(LIMIT - 8) });
    expect(exactly).toHaveLength(LIMIT);
    expect(await send({ headers: json, body: exactly })).toMatchObject({ body: { s: 'x'.repeat(LIMIT - 8) } });
  });

  it('decodes gzip and br bodies, and applies the limit to the decoded size', async () => {
    expect(await send({ headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync('{"a":1}') })).toMatchObject({ body: { a: 1 } });
    expect(await send({ headers: { ...json, 'content-encoding': 'br' }, body: brotliCompressSync('[true]') })).toMatchObject({ body: [true] });
    const bomb = gzipSync(JSON.stringify({ s: ' '.repeat(10 * LIMIT) }));
    expect(bomb.length).toBeLessThan(LIMIT);
    expect(await send({ headers: { ...json, 'content-encoding': 'gzip' }, body: bomb })).toMatchObject({ status: 413 });
    expect(await send({ headers: { ...json, 'content-encoding': 'gzip' }, body: '{"a":1}' })).toEqual({ status: 400, detail: 'The request body could not be decompressed' });
  });

  it('stops inflating a body once it is over the limit, and drains the rest as sent', async () => {
    const limit = 64 * 1024;
    const parse = jsonBodyParser(limit);
    const bomb = gzipSync(Buffer.alloc(64 * limit, 0x20)); // 4 MiB of spaces in about 4 KiB
    expect(bomb.length).toBeLessThan(limit);
    let inflated = 0;
    const outcome = await new Promise<{ status: string; inflated: number }>((resolve, reject) => {
      let status = '';
      const probe = createServer((req, res) => {
        const pipe = req.pipe.bind(req);
        // Count what the parser's decoder produces, until the request has been read to its end.
        req.pipe = ((destination: NodeJS.WritableStream) => pipe(destination).on('data', (c: Buffer) => (inflated += c.length))) as typeof req.pipe;
        req.on('end', () => setImmediate(() => probe.close(() => resolve({ status, inflated }))));
        parse(req, res, (error?: unknown) => res.end(String(error instanceof ProblemException ? error.problem.status : 200)));
      });
      probe.listen(0, '127.0.0.1', () => {
        const { port: probePort } = probe.address() as AddressInfo;
        const req = request({ host: '127.0.0.1', port: probePort, method: 'POST', path: '/', headers: { ...json, 'content-encoding': 'gzip', 'content-length': bomb.length } }, (res) => {
          res.on('data', (c: Buffer) => (status += c));
        });
        req.on('error', reject);
        req.end(bomb);
      });
    });
    expect(outcome.status).toBe('413');
    expect(outcome.inflated).toBeGreaterThan(limit);
    expect(outcome.inflated).toBeLessThan(4 * limit);
  });

  it('refuses an encoding or charset it cannot read with 415', async () => {
    expect(await send({ headers: { ...json, 'content-encoding': 'compress' }, body: '{}' })).toMatchObject({ status: 415, detail: expect.stringMatching(/compress is not supported/) });
    expect(await send({ headers: { ...json, 'content-encoding': 'constructor' }, body: '{}' })).toMatchObject({ status: 415 });
    expect(await send({ headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' })).toEqual({ status: 415, detail: 'A JSON body must be UTF-8, not latin1' });
  });

  it('answers once, with 400, when the client goes away before its body has arrived', async () => {
    errors.length = 0;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { ...json, 'content-length': 40 } });
    req.on('error', () => undefined);
    req.write('{"sku":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    for (let waited = 0; !errors.length && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual([expect.objectContaining({ problem: expect.objectContaining({ status: 400, detail: 'The request was aborted before its body arrived' }) })]);
  });

  it('calls next in the request context the parser was called in, though the body arrives later', async () => {
    const parse = jsonBodyParser(LIMIT);
    const seen = new Promise<string>((resolve) => {
      const probe = createServer((req, res) =>
        requestContext.run({ correlationId: 'request-7', causationId: null, actor: {} }, () =>
          parse(req, res, () => {
            resolve(requestContext.current().correlationId);
            res.end();
          }),
        ),
      );
      probe.listen(0, '127.0.0.1', () => {
        const { port: probePort } = probe.address() as AddressInfo;
        const req = request({ host: '127.0.0.1', port: probePort, method: 'POST', path: '/', headers: { ...json, 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          res.on('end', () => probe.close());
        });
        req.write('{"a":');
        setTimeout(() => req.end('1}'), 20);
      });
    });
    expect(await seen).toBe('request-7');
  });
});
