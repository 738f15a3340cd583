import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { registerJsonBody } from './json-body';
import { ProblemException } from './problem-details';

const LIMIT = 64;

/** A Fastify server answering what the parser made of each request: {body}, or {status, detail} of the refusal. */
async function parserServer(limit: number): Promise<FastifyInstance> {
  const fastify = Fastify();
  registerJsonBody(fastify, limit);
  fastify.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof ProblemException)
      return reply.code(200).send({ status: error.problem.status, detail: error.problem.detail });
    return reply.code(200).send({
      status: error.statusCode ?? 500,
      code: (error as Error & { code?: string }).code,
      detail: error.message,
    });
  });
  fastify.all('/', async (req) => ({ body: req.body ?? null }));
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return fastify;
}

interface Sent {
  headers?: Record<string, string>;
  /** Written as one piece with a content-length, or as several chunks with transfer-encoding: chunked. */
  body?: string | Buffer | Buffer[];
  method?: string;
}

describe('the JSON body (Fastify parser, registerJsonBody)', () => {
  let server: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    server = await parserServer(LIMIT);
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  const send = ({ headers = {}, body, method = 'POST' }: Sent, to = port): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const chunked = Array.isArray(body);
      const req = request(
        {
          host: '127.0.0.1',
          port: to,
          method,
          path: '/',
          headers: {
            ...(body !== undefined && !chunked ? { 'content-length': Buffer.byteLength(body) } : {}),
            ...headers,
          },
        },
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
    expect(await send({ headers: json, body: '{"sku":"A-1","qty":2}' })).toEqual({ body: { sku: 'A-1', qty: 2 } });
    expect(await send({ headers: { 'content-type': 'application/merge-patch+json' }, body: '[1,2]' })).toMatchObject({
      body: [1, 2],
    });
    expect(
      await send({ headers: { 'content-type': 'Application/JSON; Charset="UTF-8"' }, body: ' {"a":1}' }),
    ).toMatchObject({ body: { a: 1 } });
  });

  it('joins a body that arrives in chunks, and drops a byte order mark', async () => {
    expect(await send({ headers: json, body: [Buffer.from('{"sku":'), Buffer.from('"é"}')] })).toMatchObject({
      body: { sku: 'é' },
    });
    expect(await send({ headers: json, body: '\ufeff{"a":1}' })).toMatchObject({ body: { a: 1 } });
  });

  it('refuses a body of another type with 415, and passes a request without a body', async () => {
    expect(await send({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })).toMatchObject(
      { status: 415 },
    );
    expect(await send({ headers: { 'content-type': 'text/plain' }, body: '{"a":1}' })).toMatchObject({ status: 415 });
    expect(await send({ method: 'GET', headers: json })).toEqual({ body: null });
    expect(await send({ method: 'POST' })).toEqual({ body: null });
  });

  it('takes an empty JSON body as {}', async () => {
    expect(await send({ headers: json, body: '' })).toMatchObject({ body: {} });
  });

  it('refuses what is not strict JSON with 400', async () => {
    expect(await send({ headers: json, body: '{"sku": "A-1",' })).toEqual({
      status: 400,
      detail: expect.stringMatching(/^The request body is not valid JSON: /),
    });
    expect(await send({ headers: json, body: '"A-1"' })).toEqual({
      status: 400,
      detail: 'The request body is not valid JSON: a JSON body must be an object or an array',
    });
    expect(await send({ headers: json, body: '  ' })).toMatchObject({ status: 400 });
  });

  it('refuses a __proto__ key, also nested, and a constructor.prototype with 400 naming the field', async () => {
    expect(await send({ headers: json, body: '{"a":{"__proto__":{"admin":true}}}' })).toEqual({
      status: 400,
      detail: expect.stringMatching(/a\.__proto__|"__proto__"/),
    });
    expect(await send({ headers: json, body: '{"constructor":{"prototype":1}}' })).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/constructor/),
    });
  });

  it('refuses a body over the limit with 413, whether declared or streamed', async () => {
    const big = JSON.stringify({ sku: 'x'.repeat(LIMIT) });
    expect(await send({ headers: json, body: big })).toMatchObject({ status: 413 });
    expect(
      await send({ headers: json, body: [Buffer.from(big.slice(0, 40)), Buffer.from(big.slice(40))] }),
    ).toMatchObject({ status: 413 });
    const exactly = JSON.stringify({ s: 'x'.repeat(LIMIT - 8) });
    expect(exactly).toHaveLength(LIMIT);
    expect(await send({ headers: json, body: exactly })).toMatchObject({ body: { s: 'x'.repeat(LIMIT - 8) } });
  });

  it('decodes gzip and br bodies, and applies the limit to the decoded size', async () => {
    expect(await send({ headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync('{"a":1}') })).toMatchObject({
      body: { a: 1 },
    });
    expect(
      await send({ headers: { ...json, 'content-encoding': 'br' }, body: brotliCompressSync('[true]') }),
    ).toMatchObject({ body: [true] });
    const bomb = gzipSync(JSON.stringify({ s: ' '.repeat(10 * LIMIT) }));
    expect(bomb.length).toBeLessThan(LIMIT);
    expect(await send({ headers: { ...json, 'content-encoding': 'gzip' }, body: bomb })).toMatchObject({ status: 413 });
    expect(await send({ headers: { ...json, 'content-encoding': 'gzip' }, body: '{"a":1}' })).toEqual({
      status: 400,
      detail: 'The request body could not be decompressed',
    });
  });

  it('stops inflating a body once it is over the limit, and answers 413 on a connection that carries the next request', async () => {
    const limit = 64 * 1024;
    const big = await parserServer(limit);
    try {
      const bigPort = (big.server.address() as AddressInfo).port;
      const bomb = gzipSync(Buffer.alloc(64 * limit, 0x20)); // 4 MiB of spaces in about 4 KiB
      expect(bomb.length).toBeLessThan(limit);
      const started = process.cpuUsage();
      expect(await send({ headers: { ...json, 'content-encoding': 'gzip' }, body: bomb }, bigPort)).toMatchObject({
        status: 413,
      });
      const { user } = process.cpuUsage(started);
      // Inflating the whole 4 MiB and parsing it would cost far more than stopping at 64 KiB.
      expect(user).toBeLessThan(200_000);
      expect(await send({ headers: json, body: '{"after":1}' }, bigPort)).toEqual({ body: { after: 1 } });
    } finally {
      await big.close();
    }
  });

  it('refuses an encoding or charset it cannot read with 415', async () => {
    expect(await send({ headers: { ...json, 'content-encoding': 'compress' }, body: '{}' })).toMatchObject({
      status: 415,
      detail: expect.stringMatching(/compress is not supported/),
    });
    expect(await send({ headers: { ...json, 'content-encoding': 'constructor' }, body: '{}' })).toMatchObject({
      status: 415,
    });
    expect(await send({ headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' })).toEqual({
      status: 415,
      detail: 'A JSON body must be UTF-8, not latin1',
    });
  });
});
