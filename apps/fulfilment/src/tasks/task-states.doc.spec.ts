// README's "Task states" table is generated from TRANSITIONS, so the doc cannot drift from the rules:
// this fails when they differ, and `UPDATE_README=1 npx jest apps/fulfilment/src/tasks/task-states.doc.spec.ts`
// writes the table anew.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TASK_STATUSES } from './task.entity';
import { TASK_ACTIONS, TRANSITIONS, type TaskAction } from './tasks.rules';

const README = join(__dirname, '../../../../README.md');
const BEGIN = '<!-- task-states:begin (generated from apps/fulfilment/src/tasks/tasks.rules.ts) -->';
const END = '<!-- task-states:end -->';
// The route of each step, where it is not the action's own name.
const ROUTE_NAME: Partial<Record<TaskAction, string>> = { reissue: 'reissue-code' };

const code = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

function taskStatesTable(): string {
  const rows = TASK_ACTIONS.map((action) => {
    const t = TRANSITIONS[action];
    return `| \`POST /v1/tasks/{id}/${ROUTE_NAME[action] ?? action}\` | ${code(t.from)} | \`${t.to}\` | ${code(t.deliveries)} |`;
  });
  const final = TASK_STATUSES.filter((s) => !TASK_ACTIONS.some((a) => TRANSITIONS[a].from.includes(s)));
  return [
    '| step | allowed in status | leads to | for deliveries |',
    '|---|---|---|---|',
    ...rows,
    '',
    `No step is allowed in ${code(final)}; any other step, or a step for another kind of delivery, is \`409\` \`urn:omni:problem:task-state\`.`,
  ].join('\n');
}

describe('README task states', () => {
  it('lists which step is allowed in which status, as tasks.rules.ts says', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(BEGIN);
    const stop = readme.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(stop).toBeGreaterThan(start);
    const generated = `${BEGIN}\n${taskStatesTable()}\n${END}`;
    const documented = readme.slice(start, stop + END.length);
    if (process.env.UPDATE_README === '1' && documented !== generated) {
      writeFileSync(README, readme.slice(0, start) + generated + readme.slice(stop + END.length));
      return;
    }
    expect(documented).toBe(generated);
  });
});
