import { HttpStatus } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { requestContext } from '../context/request-context';
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

type Next = (error?: unknown) => void;
type BodyRequest = IncomingMessage & { body?: unknown };

/**
 * The one body parser: a JSON request body (application/json or application/*+json, UTF-8,
 * identity, gzip, deflate or br) becomes `req.body`; any other body is left unread, so the
 * validation pipe refuses it. Same rules as body-parser's json() as the services used it
 * (strict: an object or array; empty is {}; at most JSON_BODY_LIMIT_BYTES), for about 16 µs
 * less CPU per request (body-parser's content-type, charset and stream plumbing), of the 300 to
 * 400 µs a small POST costs a service in all. What it parses must then keep INPUT_LIMITS (depth,
 * sizes, no NUL, lone surrogates or prototype keys), or the request is a 400 naming the field.
 */
export function jsonBodyParser(limit = JSON_BODY_LIMIT_BYTES) {
  return (req: BodyRequest, _res: ServerResponse, next: Next): void => {
    const { headers } = req;
    if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) return next();
    const contentType = headers['content-type'];
    if (contentType === undefined || !isJsonMediaType(contentType)) return next();
    const decoder = decoderFor(headers['content-encoding']);
    const refusal =
      decoder === undefined ? unsupportedEncoding(headers['content-encoding']) : (unsupportedCharset(contentType) ?? declaredTooLarge(headers['content-length'], limit));
    if (refusal !== undefined || decoder === undefined) {
      req.resume(); // read and drop the body, so the connection can carry the next request
      return next(refusal);
    }
    // The body's stream events arrive outside the request's context; what runs after next() (logs,
    // transactions, the events they write) must see it again. (No transaction is open yet.)
    const parsed = requestContext.bind((error: unknown, body?: Buffer) => {
      if (error) return next(error);
      try {
        req.body = parseJson(body as Buffer);
      } catch (parseError) {
        return next(parseError);
      }
      next();
    });
    readBody(req, decoder, limit, parsed);
  };
}

function isJsonMediaType(contentType: string): boolean {
  const semicolon = contentType.indexOf(';');
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function unsupportedCharset(contentType: string): ProblemException | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return undefined;
  return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, undefined, `A JSON body must be UTF-8, not ${charset}`);
}

/** null for an unencoded body; undefined for an encoding we cannot decode. */
function decoderFor(encoding: string | undefined): (() => NodeJS.ReadWriteStream) | null | undefined {
  if (encoding === undefined) return null;
  const name = encoding.trim().toLowerCase();
  return name === 'identity' ? null : DECODERS.get(name);
}

function unsupportedEncoding(encoding: string | undefined): ProblemException {
  return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, undefined, `Content-Encoding ${encoding} is not supported (gzip, deflate or br)`);
}

function tooLarge(limit: number): ProblemException {
  return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, undefined, `The request body is larger than ${limit} bytes`);
}

function declaredTooLarge(contentLength: string | undefined, limit: number): ProblemException | undefined {
  return contentLength !== undefined && Number(contentLength) > limit ? tooLarge(limit) : undefined;
}

/** Collects the (decoded) body; answers once, with a problem if it is too large, cut short or undecodable. */
function readBody(req: IncomingMessage, decoder: (() => NodeJS.ReadWriteStream) | null, limit: number, done: (error: unknown, body?: Buffer) => void): void {
  const source: Readable = decoder ? (req.pipe(decoder()) as unknown as Readable) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  let answered = false;
  const answer = (error: unknown, body?: Buffer) => {
    if (answered) return;
    answered = true;
    if (error) {
      chunks.length = 0;
      if (source !== req) {
        // Drain the rest still compressed: inflating a zip bomb only to drop it would burn the CPU.
        req.unpipe(source as unknown as NodeJS.WritableStream);
        source.destroy();
        req.resume();
      }
    }
    done(error, body);
  };
  source.on('data', (chunk: Buffer) => {
    if (answered) return; // past the limit: the rest is read and dropped
    size += chunk.length;
    if (size > limit) answer(tooLarge(limit));
    else chunks.push(chunk);
  });
  source.on('end', () => answer(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
  const failed = () =>
    answer(
      new ProblemException(
        HttpStatus.BAD_REQUEST,
        undefined,
        !req.complete ? 'The request was aborted before its body arrived' : decoder ? 'The request body could not be decompressed' : 'The request body could not be read',
      ),
    );
  // An aborted request errors (and closes) the request, never the decoder piped from it: listen to both.
  req.on('error', failed);
  if (source !== req) source.on('error', failed);
  req.once('close', () => req.complete || failed());
}

/** Strict JSON: an object or an array (a bare string or number is no request body); empty is {}. */
function parseJson(body: Buffer): unknown {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark
  if (text.length === 0) return {};
  let first = 0;
  while (first < text.length && (text[first] === ' ' || text[first] === '\n' || text[first] === '\r' || text[first] === '\t')) first++;
  if (text[first] !== '{' && text[first] !== '[') throw notJson('a JSON body must be an object or an array');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw notJson((error as Error).message);
  }
  const fault = jsonInputFault(parsed);
  if (fault) throw inputProblem(fault, 'The request body');
  return parsed;
}

function notJson(reason: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, undefined, `The request body is not valid JSON: ${reason}`);
}
