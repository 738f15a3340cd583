import { dtoVerdict } from '@omni/testing';
import { TasksQuery } from './task.dto';

describe('TasksQuery status', () => {
  it('takes a status, and a former word for one as the status it now is', async () => {
    expect(await dtoVerdict(TasksQuery, { status: 'to_pick' })).toMatchObject({ dto: { status: 'to_pick' } });
    expect(await dtoVerdict(TasksQuery, { status: 'awaiting_pickup' })).toMatchObject({
      dto: { status: 'ready_for_pickup' },
    });
    expect(await dtoVerdict(TasksQuery, { status: 'handed_over' })).toMatchObject({ dto: { status: 'picked_up' } });
  });

  it('refuses any other word', async () => {
    expect(await dtoVerdict(TasksQuery, { status: 'waiting' })).toMatchObject({
      accepted: false,
      errors: [expect.objectContaining({ field: 'status' })],
    });
  });
});
