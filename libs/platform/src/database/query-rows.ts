import type { EntityManager } from 'typeorm';

/**
 * Rows of a statement. TypeORM's postgres driver answers UPDATE and DELETE with `[rows, rowCount]`
 * and everything else with `rows`; this evens that out so `UPDATE ... RETURNING` reads like a SELECT.
 */
export async function queryRows<T>(manager: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await manager.query(text, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number')
    return raw[0] as T[];
  return raw as T[];
}

/**
 * A write that rides on another statement as a data-modifying CTE, so that two writes cost one round
 * trip: given the number of its first placeholder (the host statement's own come before), it answers
 * its SQL and parameters.
 */
export type StatementPart = (from: number) => { sql: string; params: unknown[] };

/** Writes of one transaction sent as one statement (each a data-modifying CTE): atomic together, one round trip. */
export async function writeTogether(manager: EntityManager, writes: readonly StatementPart[]): Promise<void> {
  if (!writes.length) return;
  const params: unknown[] = [];
  const parts = writes.map((write, i) => {
    const { sql, params: more } = write(params.length + 1);
    params.push(...more);
    return `w${i} AS (${sql})`;
  });
  await manager.query(`WITH ${parts.join(', ')} SELECT 1`, params);
}
