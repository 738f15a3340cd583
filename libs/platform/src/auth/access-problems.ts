import { PROBLEMS } from '@omni/contracts';
import { ProblemException, type ProblemExtensions } from '../http/problem-details';

// One rule everywhere (README "Who may do what"): a resource the caller may not read is answered
// exactly like a missing one (404, not-found), so its existence is not disclosed; a request the
// caller may not make although it can see what it names (a route of another role, a location or
// channel not its own, a step on a resource it may only read) is a 403, forbidden. "Not yet" (an
// order a service has not heard of) is another type, order-unknown: never the answer for "not yours".
export const NOT_FOUND_PROBLEM = PROBLEMS.notFound.type;
export const FORBIDDEN_PROBLEM = PROBLEMS.forbidden.type;
export const UNAUTHORIZED_PROBLEM = PROBLEMS.unauthorized.type;

/** A missing resource, or one that is not the caller's: the two must be indistinguishable. */
export function notFoundProblem(what: string, id: string, extensions: ProblemExtensions = {}): ProblemException {
  return new ProblemException(PROBLEMS.notFound, `${what} "${id}" not found`, extensions);
}

export function forbiddenProblem(detail: string, extensions: ProblemExtensions = {}): ProblemException {
  return new ProblemException(PROBLEMS.forbidden, detail, extensions);
}

export function unauthorizedProblem(detail: string): ProblemException {
  return new ProblemException(PROBLEMS.unauthorized, detail);
}

/** "Not yet": an order this service has not heard of (its events may still be on their way). */
export function orderUnknownProblem(orderId: string, service: string): ProblemException {
  return new ProblemException(PROBLEMS.orderUnknown, `order ${orderId} is not known to ${service} (yet)`, { orderId });
}
