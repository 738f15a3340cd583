import { HttpStatus } from '@nestjs/common';
import { notFoundProblem, ProblemException } from '@omni/platform';
import type { Violation } from '../policy/policy.rules';

export const RETURN_REFUSED = 'urn:omni:problem:return-refused';
export const RETURN_STATE = 'urn:omni:problem:return-state';

/** The policy said no: 422 naming the first rule broken, with every violation listed. */
export function returnRefused(violations: readonly Violation[]): ProblemException {
  const [first] = violations;
  const detail = violations.map((v) => v.detail).join('; ');
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Return refused', detail, {
    type: RETURN_REFUSED,
    rule: first.rule,
    violations,
  });
}

/** A request that breaks a rule of the return itself (more units than authorised, a line it does not have). */
export function returnRuleBroken(rule: string, detail: string, orderLineId?: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Return refused', detail, {
    type: RETURN_REFUSED,
    rule,
    ...(orderLineId ? { orderLineId } : {}),
  });
}

/** The return is not in the state the step needs (received twice, inspected before receipt). */
export function returnInWrongState(detail: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'Conflict', detail, { type: RETURN_STATE, rule: 'return-status' });
}

/** Also the answer for a return the caller may not see: its existence is not disclosed. */
export function returnNotFound(id: string): ProblemException {
  return notFoundProblem('return', id);
}

/** Returns learns of orders from events: an order placed a moment ago may not have arrived yet. Also the answer for another channel's order. */
export function orderUnknown(orderId: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'Not Found', `order ${orderId} is not known to returns (yet)`, {
    type: 'urn:omni:problem:order-unknown',
    orderId,
  });
}
