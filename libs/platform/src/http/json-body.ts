import { PROBLEMS } from '@omni/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { inputProblem, jsonInputFault } from './input-limits';
import { ProblemException } from './problem-details';

/** The largest body taken, in bytes after decompression; larger is 413. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

// A Map, not an object: a header naming `constructor` must find nothing.
const DECODERS = new Map<string, () => NodeJS.ReadWriteStream>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

// application/json and any application/<something>+json; Fastify answers every other type 415.
const JSON_TYPES = ['application/json', /^application\/[a-z0-9!#$&^_.-]+\+json$/i] as const;

type SecureParser = (
  request: FastifyRequest,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) => void;

/**
 * The one body parser of the API, Fastify's: it reads the body (at most `limit` bytes after
 * decompression, else 413) and answers any content type but JSON (application/json or
 * application/*+json) with 415. Its JSON parser (secure-json-parse) refuses a `__proto__` key and a
 * `constructor.prototype`; what it parses must then be an object or array, UTF-8, and keep
 * INPUT_LIMITS (depth, sizes, no NUL, lone surrogates or prototype keys), or the request is a 400
 * naming the field. An empty JSON body is {}.
 */
export function registerJsonBody(fastify: FastifyInstance, limit = JSON_BODY_LIMIT_BYTES): void {
  const secureParse = fastify.getDefaultJsonParser('error', 'error') as unknown as SecureParser;
  fastify.removeAllContentTypeParsers();
  const parse = (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void): void => {
    const refusal = unsupportedCharset(request.headers['content-type'] ?? '');
    if (refusal) return done(refusal);
    let text = body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark
    if (text.length === 0) return done(null, {});
    let first = 0;
    while (
      first < text.length &&
      (text[first] === ' ' || text[first] === '\n' || text[first] === '\r' || text[first] === '\t')
    )
      first++;
    if (text[first] !== '{' && text[first] !== '[') return done(notJson('a JSON body must be an object or an array'));
    secureParse(request, text, (error, parsed) => {
      if (error) return done(prototypeProblem(text) ?? notJson(error.message));
      const fault = jsonInputFault(parsed);
      done(fault ? inputProblem(fault, 'The request body') : null, parsed);
    });
  };
  for (const type of JSON_TYPES) fastify.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: limit }, parse);
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const decoded = decodedPayload(request, payload, limit);
    if (decoded instanceof ProblemException) done(decoded);
    else done(null, decoded);
  });
}

function unsupportedCharset(contentType: string): ProblemException | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return undefined;
  return new ProblemException(PROBLEMS.unsupportedMediaType, `A JSON body must be UTF-8, not ${charset}`);
}

/**
 * secure-json-parse says only that a prototype key is there; parsed plainly (which sets no
 * prototype), our walk names where, as every other refusal of the body does.
 */
function prototypeProblem(text: string): ProblemException | undefined {
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fault = jsonInputFault(plain);
  return fault ? inputProblem(fault, 'The request body') : undefined;
}

function notJson(reason: string): ProblemException {
  return new ProblemException(PROBLEMS.invalidRequest, `The request body is not valid JSON: ${reason}`);
}

type DecodedStream = PassThrough & { receivedEncodedLength?: number };

/**
 * The body as the parser reads it: as sent (identity), or inflated (gzip, deflate, br), counting
 * the bytes sent so Fastify can still hold them to the Content-Length. Inflating stops once the
 * decoded body passes `limit` (a zip bomb is not inflated only to be dropped): the rest is drained
 * still compressed and the request is a 413. Another encoding is a 415.
 */
function decodedPayload(request: FastifyRequest, payload: Readable, limit: number): Readable | ProblemException {
  const encoding = request.headers['content-encoding'];
  if (encoding === undefined) return payload;
  const name = encoding.trim().toLowerCase();
  if (name === 'identity') return payload;
  const decoder = DECODERS.get(name);
  if (!decoder) {
    payload.resume(); // read and drop the body, so the connection can carry the next request
    return new ProblemException(
      PROBLEMS.unsupportedMediaType,
      `Content-Encoding ${encoding} is not supported (gzip, deflate or br)`,
    );
  }
  const inflate = decoder();
  const out: DecodedStream = new PassThrough();
  out.receivedEncodedLength = 0;
  let size = 0;
  const stop = (problem: ProblemException) => {
    payload.unpipe(inflate);
    inflate.removeAllListeners('data');
    (inflate as unknown as Readable).destroy();
    payload.resume();
    out.destroy(problem);
  };
  payload.on('data', (chunk: Buffer) => (out.receivedEncodedLength = (out.receivedEncodedLength ?? 0) + chunk.length));
  inflate.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit)
      stop(new ProblemException(PROBLEMS.payloadTooLarge, `The request body is larger than ${limit} bytes`));
    else out.write(chunk);
  });
  inflate.on('end', () => out.end());
  inflate.on('error', () =>
    stop(new ProblemException(PROBLEMS.invalidRequest, 'The request body could not be decompressed')),
  );
  payload.pipe(inflate);
  return out;
}
