import { PROBLEMS } from '@omni/contracts';
import { notFoundProblem, orderUnknownProblem, ProblemException } from '@omni/platform';
import type { Violation } from '../policy/policy.rules';

/** The policy said no: 422 naming the first rule broken, with every violation listed. */
export function returnRefused(violations: readonly Violation[]): ProblemException {
  const [first] = violations;
  const detail = violations.map((v) => v.detail).join('; ');
  return new ProblemException(PROBLEMS.returnRefused, detail, { rule: first.rule, violations });
}

/** A request that breaks a rule of the return itself (more units than authorised, a line it does not have). */
export function returnRuleBroken(rule: string, detail: string, orderLineId?: string): ProblemException {
  return new ProblemException(PROBLEMS.returnRefused, detail, { rule, ...(orderLineId ? { orderLineId } : {}) });
}

/** The return is not in the state the step needs (received twice, inspected before receipt). */
export function returnInWrongState(detail: string): ProblemException {
  return new ProblemException(PROBLEMS.returnState, detail, { rule: 'return-status' });
}

/** Also the answer for a return the caller may not see: its existence is not disclosed. */
export function returnNotFound(id: string): ProblemException {
  return notFoundProblem('return', id);
}

/** "Not yet": returns learns of orders from events, so an order placed a moment ago may not have arrived. */
export function orderUnknown(orderId: string): ProblemException {
  return orderUnknownProblem(orderId, 'returns');
}

/** "Not yours": an order returns knows that the caller may not read (answered as for any resource not its own). */
export function orderNotYours(orderId: string): ProblemException {
  return notFoundProblem('order', orderId);
}
