import { DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { retryBackoffMs } from './transaction-retry';
import { CommitOutcomeUnknownError, isDatabaseUnavailable, retryReasonOf, transientKindOf } from './transient-errors';

/** An error as the pg driver reports a server ErrorResponse. */
function pgError(code: string, message = `server said ${code}`): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

/** The same, as TypeORM throws it from a query. */
function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('transient database errors', () => {
  it.each([
    ['40P01', 'deadlock'],
    ['40001', 'serialization'],
    ['57P01', 'connection'],
    ['57P02', 'connection'],
    ['57P03', 'connection'],
    ['08006', 'connection'],
    ['08001', 'connection'],
    ['08P01', 'connection'],
    ['53300', 'connection'],
  ])('classes SQLSTATE %s as %s and retries it, raw or wrapped by TypeORM', (code, kind) => {
    expect(transientKindOf(pgError(code))).toBe(kind);
    expect(transientKindOf(queryFailed(pgError(code)))).toBe(kind);
    expect(retryReasonOf(queryFailed(pgError(code)))).toBe(kind);
    expect(isDatabaseUnavailable(queryFailed(pgError(code)))).toBe(true);
  });

  it.each([
    ['57014', 'statement timeout / cancel'],
    ['23505', 'unique violation (a 409)'],
    ['23503', 'foreign key violation'],
    ['42P01', 'undefined table (a bug)'],
    ['22P02', 'invalid input syntax'],
    ['40000', 'transaction rollback, unspecified'],
  ])('does not class SQLSTATE %s (%s) as transient', (code) => {
    expect(transientKindOf(queryFailed(pgError(code)))).toBeUndefined();
    expect(retryReasonOf(queryFailed(pgError(code)))).toBeUndefined();
    expect(isDatabaseUnavailable(queryFailed(pgError(code)))).toBe(false);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])(
    'classes the socket error %s as a lost connection',
    (code) => {
      expect(retryReasonOf(socketError(code))).toBe('connection');
      expect(retryReasonOf(queryFailed(socketError(code)))).toBe('connection');
    },
  );

  it('finds a refused connection inside the AggregateError Node gives for a host with several addresses', () => {
    const aggregate = Object.assign(
      new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], ''),
      {},
    );
    expect(retryReasonOf(aggregate)).toBe('connection');
  });

  it('classes the pg driver’s codeless connection errors by their message', () => {
    expect(retryReasonOf(new Error('Connection terminated unexpectedly'))).toBe('connection');
    expect(retryReasonOf(queryFailed(new Error('Connection terminated unexpectedly')))).toBe('connection');
    expect(
      retryReasonOf(queryFailed(new Error('Client has encountered a connection error and is not queryable'))),
    ).toBe('connection');
  });

  it('answers a wait that ran out (pool checkout, connect, lock_timeout) with 503 but does not retry it', () => {
    const lockTimeout = queryFailed(pgError('55P03', 'canceling statement due to lock timeout'));
    for (const error of [
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      lockTimeout,
    ]) {
      expect(transientKindOf(error)).toBe('timeout');
      expect(retryReasonOf(error)).toBeUndefined();
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it('finds a transient failure given as the cause of another error', () => {
    expect(retryReasonOf(new Error('hold failed', { cause: queryFailed(pgError('40P01')) }))).toBe('deadlock');
  });

  it('never retries a commit whose outcome is unknown, yet answers it 503', () => {
    const lostAtCommit = new CommitOutcomeUnknownError(
      queryFailed(pgError('57P01', 'terminating connection due to administrator command')),
    );
    expect(lostAtCommit.message).toMatch(/lost while committing: terminating connection/);
    expect(transientKindOf(lostAtCommit)).toBeUndefined();
    expect(retryReasonOf(lostAtCommit)).toBeUndefined();
    expect(retryReasonOf(new Error('wrapped', { cause: lostAtCommit }))).toBeUndefined();
    expect(isDatabaseUnavailable(lostAtCommit)).toBe(true);
  });

  it('leaves ordinary errors, and a use of a released query runner (a bug unless the connection was seen to drop), alone', () => {
    for (const error of [
      new Error('boom'),
      new TypeError('x is undefined'),
      new QueryRunnerAlreadyReleasedError(),
      'a string',
      null,
      undefined,
      42,
    ]) {
      expect(transientKindOf(error)).toBeUndefined();
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });

  it('survives an error whose cause refers back to itself', () => {
    const error: Error & { cause?: unknown } = new Error('loop');
    error.cause = error;
    expect(transientKindOf(error)).toBeUndefined();
  });
});

describe('retry backoff', () => {
  it('grows per attempt and is jittered around its base', () => {
    expect(retryBackoffMs(1, () => 0)).toBe(10);
    expect(retryBackoffMs(1, () => 0.999)).toBe(30);
    expect(retryBackoffMs(2, () => 0)).toBe(20);
    expect(retryBackoffMs(2, () => 0.999)).toBe(60);
  });
});
