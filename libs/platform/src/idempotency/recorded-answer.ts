import type { FastifyReply } from 'fastify';

/**
 * An answer exactly as it goes on the wire: status, content type and the body's bytes (as UTF-8 text).
 * It is serialised once, stored with its key, and what is stored is what is sent, the first time and
 * on every replay, so the two cannot differ (a jsonb copy reorders keys; a handler could return a
 * value other than the one it recorded).
 */
export interface RecordedAnswer {
  status: number;
  contentType: string;
  /** null: an empty body. */
  body: string | null;
}

/** What Fastify sends a JSON body with. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function recordedAnswerOf(status: number, body: unknown): RecordedAnswer {
  return {
    status,
    contentType: JSON_CONTENT_TYPE,
    body: body === undefined || body === null ? null : JSON.stringify(body),
  };
}

/**
 * Puts the answer on the response; the interceptor returns what this returns. A string goes out as it
 * is through reply.send() (the content type is set first, so Fastify neither serialises it again
 * nor calls it text/plain).
 */
export function sendRecordedAnswer(res: FastifyReply, answer: RecordedAnswer): string | undefined {
  res.code(answer.status);
  if (answer.body === null) return undefined;
  res.header('Content-Type', answer.contentType);
  return answer.body;
}
