import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROBLEM_TYPES_SHOWN, problemInWords } from './problems';

// The error catalogue (libs/contracts/src/problems.ts), read as text: the console imports no service lib.
const CATALOGUE = [
  ...fs
    .readFileSync(path.join(__dirname, '../../../../../libs/contracts/src/problems.ts'), 'utf8')
    .matchAll(/'urn:omni:problem:([a-z-]+)'/g),
].map((m) => m[1]);
// What the console's own requests cannot cause (it always sends small, prompt, UTF-8 JSON) or never reads (/health/ready).
const NOT_MET_AT_THE_COUNTER = [
  'request-timeout',
  'payload-too-large',
  'unsupported-media-type',
  'headers-too-large',
  'event-contract-violation',
  'not-ready',
];

const problem = (type: string, extra: Record<string, unknown> = {}) => ({
  type: `urn:omni:problem:${type}`,
  title: 'T',
  status: 400,
  ...extra,
});

describe("problems in an associate's words", () => {
  it('says how many attempts are left after a wrong pickup code', () => {
    expect(problemInWords(problem('wrong-pickup-code', { remainingAttempts: 2 })).headline).toBe(
      "That code doesn't match. 2 attempts left before the pickup locks.",
    );
    expect(problemInWords(problem('wrong-pickup-code', { remainingAttempts: 1 })).headline).toContain('1 attempt left');
  });

  it('tells what to do with a locked pickup', () => {
    const words = problemInWords(problem('pickup-locked'));
    expect(words.headline).toContain('locked');
    expect(words.advice).toContain('Send a new code');
  });

  it('names the status a task moved on to in the words of the screen', () => {
    expect(problemInWords(problem('task-state', { taskStatus: 'ready_for_pickup' })).headline).toBe(
      'This task has already moved on: it is now "Ready for collection".',
    );
  });

  it('puts field errors beside the inputs on screen and lists the others readably', () => {
    const words = problemInWords(
      problem('invalid-request', {
        errors: [
          { field: 'code', message: 'code must be the 6-digit pickup code' },
          { field: 'lines.1.qty', message: 'qty must be a positive integer' },
        ],
      }),
      {
        code: 'Pickup code',
      },
    );
    expect(words.fields).toEqual({ code: 'Code must be the 6-digit pickup code' });
    expect(words.details).toEqual(['lines 2 qty: qty must be a positive integer']);
  });

  it('lists every rule a refused return broke', () => {
    const words = problemInWords(
      problem('return-refused', {
        violations: [
          { rule: 'window', detail: 'the 30-day window ended on 1 May' },
          { rule: 'quantity', detail: 'only 1 was sold' },
        ],
      }),
    );
    expect(words.details).toEqual(['the 30-day window ended on 1 May', 'only 1 was sold']);
  });

  it('says the system cannot be reached, and that nothing typed is lost', () => {
    expect(problemInWords({ type: 'console:unreachable', title: 'No connection', status: 0 }).advice).toContain(
      'What you typed is kept',
    );
  });

  it('has words of its own for every problem type of the catalogue an associate can meet', () => {
    expect(CATALOGUE.length).toBeGreaterThan(25);
    const missing = CATALOGUE.filter(
      (type) => !NOT_MET_AT_THE_COUNTER.includes(type) && !PROBLEM_TYPES_SHOWN.includes(type),
    );
    expect(missing).toEqual([]);
  });

  it('falls back to the title and detail of a problem it does not know', () => {
    expect(
      problemInWords({ type: 'urn:other', title: 'Teapot', status: 418, detail: 'short and stout' }).headline,
    ).toBe('Teapot: short and stout');
  });
});
