// The services' problem answers (application/problem+json, README "Error catalogue") in the words of a
// store associate: what happened, and what to do next. Pure, so every type is unit-tested.
import type { FieldError, Problem } from '../api/types';
import { taskStatusLabel } from './labels';

export interface ProblemWords {
  headline: string;
  advice?: string;
  /** Further lines (each rule a return broke, each field at fault that is not on this screen). */
  details: string[];
  /** Messages for the fields on this screen, by the API's field path (`lines.0.pickedQty`). */
  fields: Record<string, string>;
}

const TYPE = 'urn:omni:problem:';
const kind = (p: Problem) => (p.type.startsWith(TYPE) ? p.type.slice(TYPE.length) : p.type);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

type Rule = (p: Problem) => Pick<ProblemWords, 'headline' | 'advice'> & { details?: string[] };

const RULES: Record<string, Rule> = {
  'console:unreachable': () => ({
    headline: "The system can't be reached right now.",
    advice: 'Check the network connection, then press the button again. What you typed is kept.',
  }),
  unauthorized: () => ({
    headline: 'Your sign-in has ended.',
    advice: 'Sign out and sign in again, then repeat this step.',
  }),
  forbidden: () => ({
    headline: "Your account isn't allowed to do this.",
    advice: "It only works on your own store's tasks, orders and stock. Ask a manager if this needs doing.",
  }),
  'not-found': () => ({
    headline: 'Nothing was found with that number.',
    advice: 'Check the number and try again; it may belong to another store.',
  }),
  'order-unknown': () => ({
    headline: "This order is too new: it hasn't reached this desk yet.",
    advice: 'Wait a few seconds and try again.',
  }),
  'invalid-request': () => ({
    headline: 'Some details need correcting.',
    advice: 'Fix what is marked and send it again.',
  }),
  'wrong-pickup-code': (p) => {
    const left = typeof p.remainingAttempts === 'number' ? p.remainingAttempts : undefined;
    return {
      headline:
        left === undefined
          ? "That code doesn't match."
          : `That code doesn't match. ${plural(left, 'attempt')} left before the pickup locks.`,
      advice: 'Ask the customer to read the 6-digit code from their "ready for collection" message again.',
    };
  },
  'pickup-locked': () => ({
    headline: 'Too many wrong codes: this pickup is locked.',
    advice:
      'Press "Send a new code": the customer gets a new code by message. Then enter that code. Do not hand over without a code.',
  }),
  'pickup-closed': () => ({
    headline: 'This pickup is no longer waiting to be collected.',
    advice:
      'Its collection window has closed, or it was already handed over or cancelled. Do not hand the goods over; check the order.',
  }),
  'task-state': (p) => ({
    headline:
      typeof p.taskStatus === 'string'
        ? `This task has already moved on: it is now "${taskStatusLabel(p.taskStatus)}".`
        : 'This task has already moved on.',
    advice: 'The task has been refreshed; carry on from the step it shows.',
  }),
  'insufficient-stock': () => ({
    headline: 'There is not enough stock for that.',
    advice: 'Order fewer, or from another store.',
  }),
  'movement-refused': () => ({
    headline: 'That stock change would not add up.',
    advice: 'Look up the item again to see what is on hand.',
  }),
  'unknown-sku': () => ({
    headline: "That item code isn't known anywhere.",
    advice: 'Check the code on the label, or scan it again.',
  }),
  'unknown-location': () => ({
    headline: 'That store or location is not known.',
    advice: 'Choose a store from the list.',
  }),
  'pickup-not-possible': () => ({
    headline: "That store can't take this collection.",
    advice: 'Choose another store, or have it delivered.',
  }),
  'return-refused': (p) => ({
    headline: "This return isn't allowed by the returns policy.",
    advice: 'The policy decides this and it cannot be overridden here. Explain the reason to the customer.',
    details: Array.isArray(p.violations)
      ? (p.violations as Array<{ detail?: string }>).map((v) => v.detail ?? '').filter(Boolean)
      : p.detail
        ? [p.detail]
        : [],
  }),
  'return-state': () => ({
    headline: 'This return has already moved on.',
    advice: 'Open it again to see where it is.',
  }),
  'cancel-too-late': () => ({
    headline: 'Too late to cancel: the goods have already left.',
    advice: 'Start a return instead.',
  }),
  'idempotency-key-reused': () => ({
    headline: 'This was already sent with other details.',
    advice: 'Press the button again to send what is on screen now.',
  }),
  'hold-state': () => ({
    headline: 'That reservation has ended (released, expired or already used).',
    advice: 'Reserve the stock again if the customer still wants it.',
  }),
  'unknown-order-lines': () => ({
    headline: 'Some of those items are not on this order.',
    advice: 'Open the order again and choose from its items.',
  }),
  'hold-not-usable': () => ({
    headline: 'The reserved stock for this order is no longer held.',
    advice: 'Place the order again without the reservation.',
  }),
  'duplicate-external-ref': () => ({
    headline: 'This order was already placed.',
    advice: 'Look it up instead of placing it again.',
  }),
  conflict: () => ({ headline: 'Someone else changed this at the same moment.', advice: 'Press the button again.' }),
  'too-many-streams': () => ({
    headline: 'This account has too many console screens open.',
    advice: 'Close the console in other tabs or devices.',
  }),
  retryable: () => ({
    headline: 'The system is busy for a moment.',
    advice: 'Try again in a few seconds; nothing will be done twice.',
  }),
  'not-ready': () => ({ headline: 'The system is starting up or catching up.', advice: 'Try again in a few seconds.' }),
  'internal-error': () => ({
    headline: 'Something went wrong in the system.',
    advice: 'Try again; if it keeps happening, tell a manager (nothing will be done twice).',
  }),
};

/** The catalogue's types (libs/contracts PROBLEMS) with words of their own here. */
export const PROBLEM_TYPES_SHOWN = Object.keys(RULES).filter((t) => !t.startsWith('console:'));

/**
 * `fieldsOnScreen` maps the API's field paths to what the associate sees them called; a field error for
 * one of them is shown beside that input, the others are listed with the message.
 */
export function problemInWords(problem: Problem, fieldsOnScreen: Record<string, string> = {}): ProblemWords {
  const rule = RULES[kind(problem)];
  const base = rule
    ? rule(problem)
    : { headline: problem.detail ? `${problem.title}: ${problem.detail}` : problem.title || 'Something went wrong.' };
  const fields: Record<string, string> = {};
  const details = [...(base.details ?? [])];
  for (const error of problem.errors ?? []) {
    if (error.field in fieldsOnScreen) fields[error.field] = sentence(error);
    else details.push(`${labelOf(error.field, fieldsOnScreen)}: ${error.message}`);
  }
  return { headline: base.headline, advice: base.advice, details, fields };
}

function sentence(error: FieldError): string {
  const message = error.message.trim();
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** `lines.1.qty` reads as "line 2 qty" when the screen has no label of its own for it. */
function labelOf(field: string, fieldsOnScreen: Record<string, string>): string {
  return (
    fieldsOnScreen[field] ??
    field
      .replace(/\.(\d+)(\.|$)/g, (_m, i: string, dot: string) => ` ${Number(i) + 1}${dot ? ' ' : ''}`)
      .replace(/\./g, ' ')
  );
}
