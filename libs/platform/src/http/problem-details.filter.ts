import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { problemOfStatus, PROBLEMS } from '@omni/contracts';
import { throwError, type Observable } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { CommitOutcomeUnknownError, isDatabaseUnavailable } from '../database/transient-errors';
import { correlationIdOf } from '../logging/correlation-id';
import type { HttpReply, HttpRequest } from './http-request';
import {
  problemDocument,
  ProblemException,
  PROBLEM_CONTENT_TYPE,
  statusTitle,
  type ProblemDocument,
} from './problem-details';

const PG_UNIQUE_VIOLATION = '23505';
const RETRY_AFTER_SECONDS = '1';

/**
 * Turns every error leaving an HTTP handler into an RFC 9457 problem. Only what is meant for the
 * client reaches it: a database that is unavailable for a moment becomes 503 with Retry-After,
 * anything else unrecognised a generic 500, and the error itself is logged.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Kafka handlers share the global filters in a hybrid app; their errors belong to messaging's retry/DLQ.
    if (host.getType() !== 'http') return throwError(() => exception);

    const req = host.switchToHttp().getRequest<HttpRequest>();
    const reply = host.switchToHttp().getResponse<HttpReply>();
    const body = toProblem(exception) ?? this.databaseUnavailable(exception) ?? this.unexpected(exception);
    // An event stream already under way (its head written on the raw response) cannot become a problem.
    if (reply.sent || reply.raw.headersSent) return;
    sendProblem(reply, body, (req.originalUrl ?? req.url ?? '').split('?')[0], correlationIdOf(req.raw));
  }

  /**
   * What TransactionHost could not get past by retrying (or a read outside a transaction) when the
   * database had a moment: a deadlock, a lost connection, no connection in time. The client's retry
   * will likely pass, so this is a warning and a 503, not an error and a 500.
   */
  private databaseUnavailable(exception: unknown): ProblemDocument | undefined {
    if (!isDatabaseUnavailable(exception)) return undefined;
    this.logger.warn({ err: exception }, 'database unavailable, answered 503');
    const detail =
      exception instanceof CommitOutcomeUnknownError
        ? 'the database connection was lost while saving; the change may or may not have been made: retry with the same Idempotency-Key'
        : 'the database is unavailable, retry shortly';
    // The same type inventory's holds answer a collision with: the identical request may simply be sent again.
    return problemDocument(PROBLEMS.retryable, detail);
  }

  private unexpected(exception: unknown): ProblemDocument {
    this.logger.error({ err: exception }, 'unhandled error');
    return problemDocument(
      PROBLEMS.internalError,
      'An unexpected error occurred; quote the correlationId when reporting it',
    );
  }
}

/** Answers with `body` as problem+json, quoting the request's path and correlation id. */
export function sendProblem(reply: HttpReply, body: ProblemDocument, instance: string, correlationId: string): void {
  reply.code(body.status).header('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  if (body.status === HttpStatus.UNAUTHORIZED) reply.header('WWW-Authenticate', 'Bearer');
  if (body.status === HttpStatus.SERVICE_UNAVAILABLE) reply.header('Retry-After', RETRY_AFTER_SECONDS);
  void reply.send(JSON.stringify({ ...body, instance, correlationId }));
}

/** The problem for an error we recognise; undefined for anything else (a bug, or a dependency failing). */
function toProblem(exception: unknown): ProblemDocument | undefined {
  if (exception instanceof ProblemException) return { ...exception.problem };
  if (exception instanceof HttpException) return fromHttpException(exception);
  const fastifyStatus = clientErrorStatusOf(exception);
  if (fastifyStatus !== undefined) return problem(fastifyStatus, (exception as Error).message);
  if (exception instanceof QueryFailedError && driverCode(exception) === PG_UNIQUE_VIOLATION) {
    return problemDocument(PROBLEMS.conflict, 'The request conflicts with an existing resource');
  }
  return undefined;
}

/**
 * A refusal that carries only a status (Fastify's, Nest's router's): the catalogue's entry for it.
 * A status no entry covers keeps RFC 9457's about:blank ("nothing beyond the status"); none is known to occur.
 */
function problem(status: number, detail?: string): ProblemDocument {
  const known = problemOfStatus(status);
  const base = known ? problemDocument(known) : { type: 'about:blank', title: statusTitle(status), status };
  return { ...base, ...(detail ? { detail } : {}) };
}

function fromHttpException(exception: HttpException): ProblemDocument {
  const status = exception.getStatus();
  const body = exception.getResponse();
  if (typeof body === 'string') return problem(status, body);
  const message = (body as { message?: unknown }).message;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
  // Nest's default detail for e.g. NotFoundException is the status phrase itself: say it once.
  return problem(status, detail === statusTitle(status) ? undefined : detail);
}

/**
 * Fastify's own refusals (FST_ERR_CTP_BODY_TOO_LARGE 413, FST_ERR_CTP_INVALID_MEDIA_TYPE 415, a
 * Content-Length the body does not match 400...) carry a client-error statusCode and a code.
 */
function clientErrorStatusOf(exception: unknown): number | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { statusCode, code } = exception as Error & { statusCode?: unknown; code?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}

function driverCode(error: QueryFailedError): string | undefined {
  const driverError: unknown = error.driverError;
  return typeof driverError === 'object' && driverError !== null ? (driverError as { code?: string }).code : undefined;
}
