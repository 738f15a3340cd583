// Signing, retrying and giving up on a webhook delivery: pure, no Nest, no I/O (the clock and the dice are arguments).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Omni-Signature';
/** How old a signed timestamp a receiver should accept, by default (against replays of a captured request). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** HMAC-SHA256, hex, over `<t>.<body>` with the subscription's secret: what `v1=` carries. */
export function signature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex>`, Stripe's layout: the timestamp is signed too, so it cannot be moved. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signature(secret, timestamp, body)}`;
}

/**
 * What a receiver does (README "Webhooks" has the same recipe): the header's timestamp is recent, and one of its
 * `v1` signatures is the HMAC of `<t>.<raw body>` with the secret, compared in constant time.
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, t, body), 'hex');
  return parts
    .filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? ''))
    .some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}

export interface RetryPolicy {
  /** About the first delay; each failure doubles it. */
  baseMs: number;
  /** The longest delay between two attempts. */
  maxMs: number;
  /** Counted from the first attempt of the delivery (or its manual redelivery): no attempt is scheduled past it. */
  giveUpAfterMs: number;
}

/**
 * The wait after the n-th failure in a row: base x 2^(n-1), at most max, with "equal jitter" (a random point
 * in its upper half), so receivers that failed together are not all retried in the same instant.
 */
export function retryDelayMs(
  failures: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** When to try again after a failed attempt, or null: the delivery is given up (its window would be over). */
export function nextAttemptAt(
  failedAt: Date,
  windowStartedAt: Date,
  failures: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Date | null {
  const next = new Date(failedAt.getTime() + retryDelayMs(failures, policy, random));
  return next.getTime() - windowStartedAt.getTime() > policy.giveUpAfterMs ? null : next;
}

/** A delivery succeeded when the receiver answered 2xx; a redirect is not followed (and not a success). */
export const isSuccess = (statusCode: number | null): boolean =>
  statusCode !== null && statusCode >= 200 && statusCode < 300;
