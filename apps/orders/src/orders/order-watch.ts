import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@omni/platform';
import { OrderChanges } from '../status/order-changes';
import { OrderReader } from './order-reader';
import { revealPickupCodes, type PickupCodeView } from '../pickup-codes/pickup-codes.rules';
import type { OrderView } from './order-view';

// A waiting read looks again this often for what it cannot hear (a change committed by another replica).
const LOOK_AGAIN_MS = 2000;
/** The longest `Prefer: wait` honoured, in seconds: well inside every idle timeout between a client and us. */
export const MAX_WAIT_S = 30;

export type OrderAnswer = OrderView & { pickups?: PickupCodeView[] };

export interface WatchedRead {
  body: OrderAnswer;
  /** A strong validator of exactly this answer (its bytes' hash). */
  etag: string;
  /** False when it still matches the caller's If-None-Match (a 304). */
  modified: boolean;
}

/** `"…"`, the hash of the answer as it is sent: equal answers, equal tags, whichever replica reads them. */
export const etagOf = (body: unknown): string =>
  `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;

/** If-None-Match (RFC 9110 13.1.2): `*`, or a list of tags, weak ones compared weakly. */
export function matchesNoneOf(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** `Prefer: wait=N` (RFC 7240), in ms, capped at MAX_WAIT_S; 0 without it. */
export function waitOf(prefer: string | undefined): number {
  const seconds = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(prefer ?? '')?.[1];
  return seconds ? Math.min(Number(seconds), MAX_WAIT_S) * 1000 : 0;
}

/**
 * A conditional read of an order: answered at once when it differs from what the caller has (or the
 * caller has nothing), else, with a wait, as soon as it changes or when the wait is over (then
 * `modified: false`). A shop waiting for its order to be allocated makes one or two requests instead
 * of a poll every few hundred ms, and hears of the change when it is committed, not at its next poll.
 */
@Injectable()
export class OrderWatch {
  constructor(
    private readonly reader: OrderReader,
    private readonly changes: OrderChanges,
  ) {}

  async read(principal: Principal, id: string, ifNoneMatch?: string, waitMs = 0): Promise<WatchedRead> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      // Listening before reading: a change committed between the read and the wait still wakes it.
      const left = deadline - Date.now();
      const listening = left > 0 ? this.changes.next(id, Math.min(left, LOOK_AGAIN_MS)) : null;
      try {
        const { view, pickupCodes } = await this.reader.read(principal, id);
        const body = revealPickupCodes(principal, view, pickupCodes, new Date());
        const etag = etagOf(body);
        if (!matchesNoneOf(ifNoneMatch, etag)) return { body, etag, modified: true };
        if (!listening || !(await listening.changed)) return { body, etag, modified: false };
      } finally {
        listening?.stop();
      }
    }
  }
}
