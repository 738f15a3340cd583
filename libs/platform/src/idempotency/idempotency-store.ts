import type { EntityManager } from 'typeorm';
import { unnestColumns } from '../database/unnest-columns';
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
  const claimed = unnestColumns(
    'c',
    { principal: 'text', key: 'text', method: 'text', path: 'text', request_hash: 'text' },
    claims.map((c) => ({ ...c, request_hash: c.requestHash })),
  );
  const won: Array<{ principal: string; key: string }> = await manager.query(
    `INSERT INTO ${IDEMPOTENCY_TABLE} (principal, key, method, path, request_hash)
     SELECT * FROM ${claimed.sql}
     ON CONFLICT (principal, key) DO NOTHING
     RETURNING principal, key`,
    claimed.params,
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
  const recorded = unnestColumns(
    'r',
    { principal: 'text', key: 'text', status: 'int', content_type: 'text', text: 'text' },
    responses.map(({ claim }, i) => ({
      principal: claim.principal,
      key: claim.key,
      status: answers[i].status,
      content_type: answers[i].contentType,
      text: answers[i].body,
    })),
  );
  await manager.query(
    `UPDATE ${IDEMPOTENCY_TABLE} t
     SET response_status = r.status, response_content_type = r.content_type, response_text = r.text, response_body = r.text::jsonb
     FROM ${recorded.sql}
     WHERE t.principal = r.principal AND t.key = r.key`,
    recorded.params,
  );
  responses.forEach((r, i) => (r.claim.recorded = answers[i]));
}

/** Gives back keys claimed in this transaction whose request ended without an effect to remember. */
export async function releaseKeys(manager: EntityManager, claims: readonly IdempotencyClaim[]): Promise<void> {
  if (!claims.length) return;
  const released = unnestColumns('r', { principal: 'text', key: 'text' }, claims);
  await manager.query(
    `DELETE FROM ${IDEMPOTENCY_TABLE} t USING ${released.sql} WHERE t.principal = r.principal AND t.key = r.key`,
    released.params,
  );
}

export async function findStoredRequest(
  manager: EntityManager,
  claim: IdempotencyClaim,
): Promise<StoredRequest | undefined> {
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
  return (
    row && {
      method: row.method,
      path: row.path,
      requestHash: row.request_hash,
      // A key recorded by the previous release has only the jsonb copy: its replay is as close as that allows.
      answer:
        row.response_content_type === null
          ? recordedAnswerOf(row.response_status, row.response_body)
          : { status: row.response_status, contentType: row.response_content_type, body: row.response_text },
    }
  );
}

/** One string per (principal, key): claims in one shared transaction must be distinct by it. */
export const claimId = (c: { principal: string; key: string }): string => `${c.principal}\u0000${c.key}`;
