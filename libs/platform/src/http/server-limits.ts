import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEMS, type ProblemType } from '@omni/contracts';
import type { AppConfig } from '../config/app-config';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-details';

export type ServerLimits = Pick<
  AppConfig,
  'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'
>;

// Node checks the two request timeouts by sweeping its connections on an interval (30 s by default), so a
// connection could outlive its timeout by that much; a sweep a second is cheap (a walk of a native list).
const MAX_SWEEP_MS = 1_000;

/**
 * Bounds what a client may hold on the server that every service listens with (Node's defaults are
 * 60 s for headers and 300 s for a request). Node measures both from the request's first byte, whatever
 * arrives after it, so a client trickling bytes (slowloris) is cut off too. requestTimeout ends once the
 * request is received: a response that streams for hours (Server-Sent Events) is not affected.
 * Set before listen(): Node reads the sweep interval when the server starts listening. Fastify is
 * given the same figures (fastifyServerOptions) and answerClientError as its clientErrorHandler.
 */
export function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.headersTimeout = limits.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = limits.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = limits.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // A public property Node reads at listen() (its typings know it only as a createServer() option).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    MAX_SWEEP_MS,
    Math.ceil(limits.HTTP_HEADERS_TIMEOUT_MS / 4),
  );
}

const PROBLEM_OF: Record<string, ProblemType> = {
  ERR_HTTP_REQUEST_TIMEOUT: PROBLEMS.requestTimeout,
  HPE_HEADER_OVERFLOW: PROBLEMS.headersTooLarge,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: PROBLEMS.payloadTooLarge,
};

/**
 * What Node does by default for a request it cannot take (timeout, malformed HTTP), but answered as
 * problem+json like every other refusal. Nothing of a response may have been written yet: writing
 * into one already under way would corrupt what the peer reads.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const problem = PROBLEM_OF[error.code ?? ''] ?? PROBLEMS.invalidRequest;
  const { status, title } = problem;
  const body = JSON.stringify(problemDocument(problem, detailOf(status)));
  // Closed once the answer is flushed, whatever the client still sends or keeps open.
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
      `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

function detailOf(status: number): string {
  if (status === 408) return 'the request was not received in time';
  if (status === 431) return 'the request headers are too large';
  return 'the request is not valid HTTP';
}
