// README's "Task states" table is generated from TRANSITIONS, so the doc cannot drift from the rules:
// this fails when they differ, and `UPDATE_README=1 npx jest apps/fulfilment/src/tasks/task-states.doc.spec.ts`
// writes the table anew.
import { readmeBlock } from '@omni/testing';
import { TASK_STATUSES } from './task.entity';
import { TASK_ACTIONS, TRANSITIONS, type TaskAction } from './tasks.rules';

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
    const { documented, generated } = readmeBlock(
      'task-states',
      'apps/fulfilment/src/tasks/tasks.rules.ts',
      taskStatesTable(),
    );
    expect(documented).toBe(generated);
  });
});
