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

/**
 * Claims the key for this transaction. A concurrent claim of the same key blocks on the primary
 * key until the first transaction ends: after a commit it conflicts (and replays), after a
 * rollback it wins and runs the handler itself. No check-then-insert race is possible.
 */
export async function claimKey(manager: EntityManager, claim: IdempotencyClaim): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO ${IDEMPOTENCY_TABLE} (principal, key, method, path, request_hash)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (principal, key) DO NOTHING
     RETURNING key`,
    [claim.principal, claim.key, claim.method, claim.path, claim.requestHash],
  );
  return inserted.length === 1;
}

export async function recordResponse(manager: EntityManager, claim: IdempotencyClaim, status: number, body: unknown): Promise<void> {
  await manager.query(
    `UPDATE ${IDEMPOTENCY_TABLE} SET response_status = $3, response_body = $4::jsonb WHERE principal = $1 AND key = $2`,
    [claim.principal, claim.key, status, JSON.stringify(body ?? null)],
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
