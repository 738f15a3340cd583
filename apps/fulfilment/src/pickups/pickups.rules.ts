// Pickup codes and the pickup window: pure rules (the random source and the clock come in).
import type { PickupStatus } from './pickup.entity';

export const CODE_LENGTH = 6;
/** The fifth wrong code locks the pickup: guessing 1 in a million five times is not a plan. */
export const MAX_CODE_ATTEMPTS = 5;
const DAY_MS = 86_400_000;

/** A 6-digit code from a uniform integer in [0, 1e6). */
export function formatCode(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** CODE_LENGTH)
    throw new RangeError(`a pickup code comes from [0, ${10 ** CODE_LENGTH})`);
  return String(n).padStart(CODE_LENGTH, '0');
}

export const looksLikeCode = (code: string): boolean => /^[0-9]{6}$/.test(code);

/** When the pickup expires and when to remind the customer (never before it was ready). */
export function pickupWindow(
  readyAt: Date,
  windowDays: number,
  reminderDaysBefore: number,
): { expiresAt: Date; remindAt: Date } {
  const expiresAt = new Date(readyAt.getTime() + windowDays * DAY_MS);
  const remindAt = new Date(Math.max(readyAt.getTime(), expiresAt.getTime() - reminderDaysBefore * DAY_MS));
  return { expiresAt, remindAt };
}

export interface PickupState {
  status: PickupStatus;
  failedAttempts: number;
  locked: boolean;
  expiresAt: Date;
}

export type HandoverOutcome =
  | { kind: 'picked_up' }
  | { kind: 'wrong_code'; remainingAttempts: number }
  | { kind: 'locked' }
  | { kind: 'expired' }
  | { kind: 'closed'; status: PickupState['status'] };

/** What a code presented at the counter does; `matches` is the (constant-time) hash comparison. */
export function handoverOutcome(state: PickupState, matches: boolean, now: Date): HandoverOutcome {
  if (state.status !== 'waiting') return { kind: 'closed', status: state.status };
  if (state.locked) return { kind: 'locked' };
  if (state.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  if (matches) return { kind: 'picked_up' };
  const failed = state.failedAttempts + 1;
  return failed >= MAX_CODE_ATTEMPTS
    ? { kind: 'locked' }
    : { kind: 'wrong_code', remainingAttempts: MAX_CODE_ATTEMPTS - failed };
}
