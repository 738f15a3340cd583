import { Injectable } from '@nestjs/common';
import { ID_PATTERN, PROBLEMS } from '@omni/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { ProblemException } from './problem-details';

/** A keyset position in a list ordered by (a timestamp, an id): those of the last item served. */
export interface KeysetCursor {
  at: string;
  id: string;
}

const MAC_BYTES = 32; // HMAC-SHA256, untruncated
const MAX_CURSOR_LENGTH = 300;
// What toISOString() writes for years 1970..9999: all Postgres timestamptz and JS Date agree on.
const ISO_INSTANT = /^(19[7-9][0-9]|[2-9][0-9]{3})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;

/** The 400 a cursor this API did not issue gets, naming the `cursor` field. */
export function badCursor(): ProblemException {
  return new ProblemException(PROBLEMS.invalidRequest, 'cursor is not one this API issued', {
    errors: [{ field: 'cursor', message: 'must be the nextCursor of a previous page' }],
  });
}

/**
 * Cursors are user input that lands in SQL. They are opaque and tamper-evident: base64url of the
 * position, a dot, and an HMAC-SHA256 over the list's name and the position, so a cursor of one
 * list is no cursor of another and a forged or edited one is a 400 before any query. The key is
 * derived from JWT_SECRET (every replica of a service has it; a rotation just ends open pages)
 * with a label of its own, so a cursor's MAC can never stand for a token signature.
 * What a valid MAC carries is still range-checked: it was written by an older release, perhaps.
 */
@Injectable()
export class CursorCodec {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', config.JWT_SECRET).update('omni keyset cursor v1').digest();
  }

  /** An opaque cursor for `payload` in `list` (e.g. 'orders', 'tasks'). */
  seal(list: string, payload: string): string {
    return `${Buffer.from(payload, 'utf8').toString('base64url')}.${this.mac(list, payload).toString('base64url')}`;
  }

  /** The payload of a cursor sealed for `list`; a 400 problem for anything else. */
  open(list: string, raw: string): string {
    if (typeof raw !== 'string' || raw.length > MAX_CURSOR_LENGTH) throw badCursor();
    const [body, mac, extra] = raw.split('.');
    if (extra !== undefined || !body || !mac) throw badCursor();
    const payload = Buffer.from(body, 'base64url').toString('utf8');
    const given = Buffer.from(mac, 'base64url');
    // Re-encoding must give the same text: base64url decoding ignores stray characters.
    const canonical =
      Buffer.from(payload, 'utf8').toString('base64url') === body && given.toString('base64url') === mac;
    if (given.length !== MAC_BYTES || !canonical) throw badCursor();
    if (!timingSafeEqual(given, this.mac(list, payload))) throw badCursor();
    return payload;
  }

  encodeKeyset(list: string, cursor: KeysetCursor): string {
    return this.seal(list, JSON.stringify([cursor.at, cursor.id]));
  }

  /** The position, its instant a valid timestamptz of 1970..9999 and its id matching `idPattern`. */
  decodeKeyset(list: string, raw: string, idPattern: RegExp = ID_PATTERN): KeysetCursor {
    let value: unknown;
    try {
      value = JSON.parse(this.open(list, raw));
    } catch (error) {
      throw error instanceof ProblemException ? error : badCursor();
    }
    if (!Array.isArray(value) || value.length !== 2) throw badCursor();
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !idPattern.test(id) || !isInstant(at)) throw badCursor();
    return { at, id };
  }

  private mac(list: string, payload: string): Buffer {
    return createHmac('sha256', this.key).update(list).update('\n').update(payload).digest();
  }
}

/** An ISO instant that round-trips through Date (so 2026-02-30 is refused), in 1970..9999. */
function isInstant(at: string): boolean {
  if (!ISO_INSTANT.test(at)) return false;
  const time = Date.parse(at);
  return Number.isFinite(time) && new Date(time).toISOString() === at;
}
