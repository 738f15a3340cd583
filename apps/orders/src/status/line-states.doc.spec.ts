// README's "Order line states" table is generated from the rules it documents (where each event moves a
// line, what a cancel does in each status), so the doc cannot drift from them: this fails when they
// differ, and `UPDATE_README=1 npx jest apps/orders/src/status/line-states.doc.spec.ts` writes it anew.
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ItemsReceived, RefundDecided, SHARED_STATUSES } from '@omni/contracts';
import { readmeBlock } from '@omni/testing';
import { planCancel } from '../orders/orders.rules';
import { PENDING_PATIENCE_MS } from '../orders/pending.rules';
import { StatusHandlers } from './status.handlers';
import { EVENT_TARGETS, isClosed, LINE_STATUSES, nextLineStatus, returnTarget, type LineStatus } from './status.rules';

const code = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

// What moves a line besides another service's event: orders' own steps, and returns' counted units.
const RETURNS: ReadonlyArray<[string, LineStatus | undefined]> = [
  [`\`${ItemsReceived.type}\` once every unit of the line is back`, returnTarget(1, 1, 0)],
  [`\`${RefundDecided.type}\` once every unit is refunded`, returnTarget(1, 1, 1)],
];
const OWN_STEPS: Partial<Record<LineStatus, string>> = {
  pending: '`POST /v1/orders` naming a hold or store orders has not heard of yet',
  placed: '`POST /v1/orders`; a `pending` order once what it waits for arrives',
  cancelled: "a `pending` line's cancel",
  rejected: `a \`pending\` order whose hold or store forbids it, or that still waits after ${PENDING_PATIENCE_MS / 1000} s`,
};

/** The statuses a line may close from (it moves forward to any other status from any earlier one). */
const closesFrom = (target: LineStatus): string =>
  isClosed(target)
    ? ` (from ${code(LINE_STATUSES.filter((s) => s !== target && nextLineStatus(s, target) === target))})`
    : '';

function reachedOn(status: LineStatus): string {
  const events = Object.entries(EVENT_TARGETS)
    .filter(([, to]) => to === status)
    .map(([type]) => `\`${type}\``);
  const returns = RETURNS.filter(([, to]) => to === status).map(([what]) => what);
  return [OWN_STEPS[status], ...events, ...returns].filter(Boolean).join('; ') + closesFrom(status);
}

function cancelIn(status: LineStatus): string {
  const plan = planCancel([{ id: 'l', status, cancellation: null }]);
  if (plan.now.length) return '`cancelled` at once (`200`)';
  if (plan.request.length) return 'requested of fulfilment (`202`)';
  if (plan.tooLate.length) return 'refused (`409` `urn:omni:problem:cancel-too-late`)';
  return 'nothing left to cancel';
}

function lineStatesTable(): string {
  return [
    "| status | reached on | a customer's cancel (`POST /v1/orders/{id}/cancel`) |",
    '|---|---|---|',
    ...LINE_STATUSES.map((s) => `| \`${s}\` | ${reachedOn(s)} | ${cancelIn(s)} |`),
    '',
    `No event moves a line out of ${code(LINE_STATUSES.filter(isClosed))}. ${code(SHARED_STATUSES)} are the words a line shares with its task (README "Task states"), defined once in \`libs/contracts/src/statuses.ts\`.`,
  ].join('\n');
}

describe('README order line states', () => {
  it('lists what moves a line to each status and what a cancel does there, as status.rules.ts says', () => {
    const { documented, generated } = readmeBlock(
      'line-states',
      'apps/orders/src/status/status.rules.ts',
      lineStatesTable(),
    );
    expect(documented).toBe(generated);
  });

  it('names every event the journey takes', () => {
    const handled = Object.getOwnPropertyNames(StatusHandlers.prototype).flatMap(
      (method) =>
        (Reflect.getMetadata(
          PATTERN_METADATA,
          (StatusHandlers.prototype as unknown as Record<string, object>)[method],
        ) ?? []) as string[],
    );
    const returns = [ItemsReceived.type, RefundDecided.type];
    expect(handled.length).toBeGreaterThan(returns.length);
    expect(handled.filter((type) => !Object.hasOwn(EVENT_TARGETS, type) && !returns.includes(type))).toEqual([]);
    expect(returns.every((type) => handled.includes(type))).toBe(true);
  });
});
