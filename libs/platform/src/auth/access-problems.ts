import { HttpStatus } from '@nestjs/common';
import { ProblemException, type ProblemExtensions } from '../http/problem-details';

// One rule everywhere (README "Who may do what"): a resource the caller may not read is answered
// exactly like a missing one (404, NOT_FOUND), so its existence is not disclosed; a request the
// caller may not make although it can see what it names (a route of another role, a location or
// channel not its own, a step on a resource it may only read) is a 403, FORBIDDEN.
export const NOT_FOUND_PROBLEM = 'urn:omni:problem:not-found';
export const FORBIDDEN_PROBLEM = 'urn:omni:problem:forbidden';
export const UNAUTHORIZED_PROBLEM = 'urn:omni:problem:unauthorized';

/** A missing resource, or one that is not the caller's: the two must be indistinguishable. */
export function notFoundProblem(what: string, id: string, extensions: ProblemExtensions = {}): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'Not Found', `${what} "${id}" not found`, { type: NOT_FOUND_PROBLEM, ...extensions });
}

export function forbiddenProblem(detail: string, extensions: ProblemExtensions = {}): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', detail, { type: FORBIDDEN_PROBLEM, ...extensions });
}

export function unauthorizedProblem(detail: string): ProblemException {
  return new ProblemException(HttpStatus.UNAUTHORIZED, 'Unauthorized', detail, { type: UNAUTHORIZED_PROBLEM });
}
