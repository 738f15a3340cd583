/**
 * Which database failures are the database's moment, not the request's fault. They decide two
 * things: TransactionHost retries a unit that failed with a retryable one, and the HTTP layer
 * answers whatever still escapes with 503 + Retry-After instead of 500.
 *
 * - deadlock / serialization: Postgres rolled the transaction back; the same work will likely pass.
 * - connection: the session died (pg_terminate_backend, failover, restart, network) or could not be
 *   opened; a new one from the pool will likely work.
 * - timeout: no connection within the pool's connectTimeout, or no lock within a lock_timeout. Not
 *   retried: the request already waited its whole budget, and retrying would only lengthen the
 *   queue that caused it; and whoever sets lock_timeout fails fast on purpose and falls back by
 *   itself (the event transport's batches do).
 */
export type TransientKind = 'deadlock' | 'serialization' | 'connection' | 'timeout';

export type RetryReason = Exclude<TransientKind, 'timeout'>;

const DEADLOCK = '40P01';
const SERIALIZATION = '40001';
const LOCK_NOT_AVAILABLE = '55P03';
// admin_shutdown, crash_shutdown, cannot_connect_now, idle_session_timeout, too_many_connections; class 08 is matched by prefix.
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '57P05', '53300']);
// Socket-level failures the pg driver passes through from Node.
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// pg and pg-pool errors that carry no code, only their message.
const CONNECTION_MESSAGES = [/^Connection terminated unexpectedly/, /connection error and is not queryable/];
const TIMEOUT_MESSAGES = [
  /^timeout exceeded when trying to connect/,
  /^Connection terminated due to connection timeout/,
];

/**
 * The connection was lost while COMMIT was in flight: the transaction may or may not have
 * committed, so the work must not run again by itself. A client that retries with its
 * Idempotency-Key gets the first answer if it did commit.
 */
export class CommitOutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super(`the database connection was lost while committing: ${messageOf(cause)}`, { cause });
    this.name = 'CommitOutcomeUnknownError';
  }
}

/** The transient kind of a failure, looking through TypeORM's QueryFailedError, `cause` and AggregateError. */
export function transientKindOf(error: unknown): TransientKind | undefined {
  return kindOf(error, 0);
}

/** Why a unit that failed with `error` may run again, or undefined when it must not. */
export function retryReasonOf(error: unknown): RetryReason | undefined {
  if (error instanceof CommitOutcomeUnknownError) return undefined;
  const kind = transientKindOf(error);
  return kind === 'timeout' ? undefined : kind;
}

/** Whether a failure means "the database cannot serve this now" (503), rather than a bug (500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof CommitOutcomeUnknownError || transientKindOf(error) !== undefined;
}

function kindOf(error: unknown, depth: number): TransientKind | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  if (error instanceof CommitOutcomeUnknownError) return undefined;
  const { code, message, driverError, cause } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  const own = kindOfCode(code) ?? kindOfMessage(message);
  if (own) return own;
  for (const inner of [driverError, cause, ...(error instanceof AggregateError ? error.errors : [])]) {
    const kind = kindOf(inner, depth + 1);
    if (kind) return kind;
  }
  return undefined;
}

function kindOfCode(code: unknown): TransientKind | undefined {
  if (typeof code !== 'string') return undefined;
  if (code === DEADLOCK) return 'deadlock';
  if (code === SERIALIZATION) return 'serialization';
  if (code === LOCK_NOT_AVAILABLE) return 'timeout';
  if (CONNECTION_CODES.has(code) || SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'connection';
  return undefined;
}

function kindOfMessage(message: unknown): TransientKind | undefined {
  if (typeof message !== 'string') return undefined;
  if (TIMEOUT_MESSAGES.some((m) => m.test(message))) return 'timeout';
  if (CONNECTION_MESSAGES.some((m) => m.test(message))) return 'connection';
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
