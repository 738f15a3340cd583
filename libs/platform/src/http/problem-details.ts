import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** One invalid input, named by its path in the request (`lines.0.qty`). */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document; extension members sit beside the standard ones. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Extension members a service may add (`shortfalls`, `locationId`...); `type` overrides about:blank. */
export type ProblemExtensions = Record<string, unknown> & { type?: string; errors?: FieldError[] };

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * Thrown by services to answer with a problem that carries extension members, e.g.
 * `throw new ProblemException(409, 'Insufficient stock', 'line 2 is short', { shortfalls })`.
 * It is an HttpException, so Nest's own handling still gives the right status without our filter.
 */
export class ProblemException extends HttpException {
  /** The document without `instance`, which the filter adds from the request. */
  readonly problem: ProblemDocument;

  constructor(status: HttpStatus | number, title: string = statusTitle(status), detail?: string, extensions: ProblemExtensions = {}) {
    const { type = 'about:blank', ...members } = extensions;
    const problem = { ...members, type, title, status, ...(detail === undefined ? {} : { detail }) };
    super(problem, status);
    this.problem = problem;
    this.message = detail ?? title;
    this.name = 'ProblemException';
  }
}
