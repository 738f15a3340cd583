import { HttpStatus } from '@nestjs/common';
import { ProblemException } from './problem-details';

/** A keyset position in a list ordered by (a timestamp, an id): those of the last item served. */
export interface KeysetCursor {
  at: string;
  id: string;
}

/** Opaque to clients: they pass back the `nextCursor` they were given. */
export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Undefined for anything that is not a cursor this API issued. */
export function decodeCursor(raw: string): KeysetCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}

/** The cursor, or a 400 problem naming the `cursor` field. */
export function cursorFrom(raw: string): KeysetCursor {
  const cursor = decodeCursor(raw);
  if (!cursor) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'Bad Request', 'cursor is not one this API issued', {
      errors: [{ field: 'cursor', message: 'must be the nextCursor of a previous page' }],
    });
  }
  return cursor;
}
