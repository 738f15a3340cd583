import { Counter } from 'prom-client';
import { metricsRegistry } from '../metrics/metrics.registry';
import type { RetryReason } from './transient-errors';

/**
 * A unit runs at most this often. Three covers a deadlock (one side is killed, its retry runs
 * after the survivor) and a pool whose connections were all cut (the first retry gets a new one);
 * beyond that the database is having more than a moment, and the caller hears 503.
 */
export const MAX_TRANSACTION_ATTEMPTS = 3;

const BASE_BACKOFF_MS = 20;

/**
 * The pause before attempt `failed + 1`: exponential, with jitter so that the two sides of a
 * deadlock, or every request cut by one restart, do not come back in lockstep (10-30 ms, then 20-60 ms).
 */
export function retryBackoffMs(failed: number, random: () => number = Math.random): number {
  return Math.round(BASE_BACKOFF_MS * 2 ** (failed - 1) * (0.5 + random()));
}

/** Retries are invisible to callers; this is how operators see deadlocks and cut connections. */
export const transactionRetries = new Counter({
  name: 'db_transaction_retries_total',
  help: 'Transactions run again after a transient failure, by reason (deadlock, serialization, connection)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export function countRetry(reason: RetryReason): void {
  transactionRetries.inc({ reason });
}
