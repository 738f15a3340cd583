import type { EntityManager } from 'typeorm';
import { IDEMPOTENCY_TABLE } from './idempotency-record.entity';

export interface IdempotencyClaim {
  principal: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

export interface StoredRequest {
  method: string;
  path: string;
  requestHash: string;
  responseStatus: number;
  responseBody: unknown;
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

/** Stores the answers of claims won in this transaction, in one statement. */
export async function recordResponses(manager: EntityManager, responses: readonly IdempotentResponse[]): Promise<void> {
  if (!responses.length) return;
  await manager.query(
    `UPDATE ${IDEMPOTENCY_TABLE} t SET response_status = r.status, response_body = r.body
     FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[]) AS r(principal, key, status, body)
     WHERE t.principal = r.principal AND t.key = r.key`,
    [
      responses.map((r) => r.claim.principal),
      responses.map((r) => r.claim.key),
      responses.map((r) => r.status),
      responses.map((r) => JSON.stringify(r.body ?? null)),
    ],
  );
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
  const rows: Array<{ method: string; path: string; request_hash: string; response_status: number; response_body: unknown }> =
    await manager.query(
      `SELECT method, path, request_hash, response_status, response_body FROM ${IDEMPOTENCY_TABLE} WHERE principal = $1 AND key = $2`,
      [claim.principal, claim.key],
    );
  const [row] = rows;
  return row && {
    method: row.method,
    path: row.path,
    requestHash: row.request_hash,
    responseStatus: row.response_status,
    responseBody: row.response_body,
  };
}

/** One string per (principal, key): claims in one shared transaction must be distinct by it. */
export const claimId = (c: { principal: string; key: string }): string => `${c.principal}\u0000${c.key}`;
