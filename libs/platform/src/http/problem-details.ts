import { HttpException } from '@nestjs/common';
import type { ProblemType } from '@omni/contracts';
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

/**
 * Extension members a service may add (`shortfalls`, `locationId`...). `type`, `title` and `status`
 * come from the catalogue entry only, so none can be given here.
 */
export type ProblemExtensions = Record<string, unknown> & {
  errors?: FieldError[];
  type?: never;
  title?: never;
  status?: never;
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** The document for a catalogued problem (without `instance`, which the filter adds from the request). */
export function problemDocument(
  problem: ProblemType,
  detail?: string,
  extensions: ProblemExtensions = {},
): ProblemDocument {
  return {
    ...extensions,
    type: problem.type,
    title: problem.title,
    status: problem.status,
    ...(detail === undefined ? {} : { detail }),
  };
}

/**
 * Thrown by services to answer with a catalogued problem (libs/contracts problems.ts), e.g.
 * `throw new ProblemException(PROBLEMS.insufficientStock, 'line 2 is short', { shortfalls })`.
 * It is an HttpException, so Nest's own handling still gives the right status without our filter.
 */
export class ProblemException extends HttpException {
  /** The document without `instance`, which the filter adds from the request. */
  readonly problem: ProblemDocument;

  constructor(
    readonly problemType: ProblemType,
    detail?: string,
    extensions: ProblemExtensions = {},
  ) {
    const problem = problemDocument(problemType, detail, extensions);
    super(problem, problemType.status);
    this.problem = problem;
    this.message = detail ?? problemType.title;
    this.name = 'ProblemException';
  }
}
