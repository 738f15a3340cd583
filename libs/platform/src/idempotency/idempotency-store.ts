import type { EntityManager } from 'typeorm';
import { IDEMPOTENCY_TABLE } from './idempotency-record.entity';
import { recordedAnswerOf, type RecordedAnswer } from './recorded-answer';

export interface IdempotencyClaim {
  principal: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  /**
   * Set by recordResponses: the answer as stored. The interceptor sends exactly this, so an answer
   * recorded by a handler in a shared transaction (coalescing) is the one the client gets first.
   */
  recorded?: RecordedAnswer;
}

export interface StoredRequest {
  method: string;
  path: string;
  requestHash: string;
  answer: RecordedAnswer;
}

export interface IdempotentResponse {
  claim: IdempotencyClaim;
  status: number;
  body: unknown;
}

/**
 * Claims the keys for this transaction, in one statement; answers, per claim, whether it was won.
 * A concurrent claim of the same key blocks on the primary key until the first transaction ends:
 * after a commit it conflicts (and replays), after a rollback it wins and runs the handler itself.
 * No check-then-insert race is possible. The claims must name distinct keys.
 */
export async function claimKeys(manager: EntityManager, claims: readonly IdempotencyClaim[]): Promise<boolean[]> {
  if (!claims.length) return [];
  const won: Array<{ principal: string; key: string }> = await manager.query(
    `INSERT INTO ${IDEMPOTENCY_TABLE} (principal, key, method, path, request_hash)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (principal, key) DO NOTHING
     RETURNING principal, key`,
    [claims.map((c) => c.principal), claims.map((c) => c.key), claims.map((c) => c.method), claims.map((c) => c.path), claims.map((c) => c.requestHash)],
  );
  const wonKeys = new Set(won.map((w) => claimId(w)));
  return claims.map((c) => wonKeys.has(claimId(c)));
}

/**
 * Stores the answers of claims won in this transaction, in one statement, serialised once: the text
 * is what every replay sends. response_body keeps a jsonb copy for replicas of the previous release
 * (which replay from it) while a rolling deploy runs; nothing of this release reads it.
 */
export async function recordResponses(manager: EntityManager, responses: readonly IdempotentResponse[]): Promise<void> {
  if (!responses.length) return;
  const answers = responses.map((r) => recordedAnswerOf(r.status, r.body));
  await manager.query(
    `UPDATE ${IDEMPOTENCY_TABLE} t
     SET response_status = r.status, response_content_type = r.content_type, response_text = r.text, response_body = r.text::jsonb
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[]) AS r(principal, key, status, content_type, text)
     WHERE t.principal = r.principal AND t.key = r.key`,
    [
      responses.map((r) => r.claim.principal),
      responses.map((r) => r.claim.key),
      answers.map((a) => a.status),
      answers.map((a) => a.contentType),
      answers.map((a) => a.body),
    ],
  );
  responses.forEach((r, i) => (r.claim.recorded = answers[i]));
}

/** Gives back keys claimed in this transaction whose request ended without an effect to remember. */
export async function releaseKeys(manager: EntityManager, claims: readonly IdempotencyClaim[]): Promise<void> {
  if (!claims.length) return;
  await manager.query(
    `DELETE FROM ${IDEMPOTENCY_TABLE} t USING unnest($1::text[], $2::text[]) AS r(principal, key) WHERE t.principal = r.principal AND t.key = r.key`,
    [claims.map((c) => c.principal), claims.map((c) => c.key)],
  );
}

export async function findStoredRequest(manager: EntityManager, claim: IdempotencyClaim): Promise<StoredRequest | undefined> {
  const rows: Array<{
    method: string;
    path: string;
    request_hash: string;
    response_status: number;
    response_content_type: string | null;
    response_text: string | null;
    response_body: unknown;
  }> = await manager.query(
    `SELECT method, path, request_hash, response_status, response_content_type, response_text,
            CASE WHEN response_content_type IS NULL THEN response_body END AS response_body
     FROM ${IDEMPOTENCY_TABLE} WHERE principal = $1 AND key = $2`,
    [claim.principal, claim.key],
  );
  const [row] = rows;
  return row && {
    method: row.method,
    path: row.path,
    requestHash: row.request_hash,
    // A key recorded by the previous release has only the jsonb copy: its replay is as close as that allows.
    answer: row.response_content_type === null
      ? recordedAnswerOf(row.response_status, row.response_body)
      : { status: row.response_status, contentType: row.response_content_type, body: row.response_text },
  };
}

/** One string per (principal, key): claims in one shared transaction must be distinct by it. */
export const claimId = (c: { principal: string; key: string }): string => `${c.principal}\u0000${c.key}`;
