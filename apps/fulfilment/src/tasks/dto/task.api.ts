import { DELIVERY_TYPES } from '@omni/contracts';
import { api } from '@omni/platform';
import { FO_LINE_STATUSES } from '../../fulfilment-orders/fulfilment-order.entity';
import { PICKUP_STATUSES } from '../../pickups/pickup.entity';
import { TASK_STATUSES } from '../task.entity';
import type { TaskView } from './task.dto';

type TaskLine = TaskView['lines'][number];

export const TASK_EXAMPLE = {
  id: '9a3e1f0c-5b2d-4c8e-a1f7-3d2c1b0a9e8f',
  fulfilmentOrderId: '2c4e6a8b-0d1f-4a3c-9e5b-7f9a1c3e5d7b',
  orderId: '7d0c2b8e-3b4f-4a51-8f0e-6a1d2c3b4a59',
  locationId: 's-001',
  deliveryType: 'pickup',
  status: 'ready_for_pickup',
  reason: null,
  carrier: null,
  trackingNumber: null,
  deliveredAt: null,
  createdAt: '2026-03-02T09:01:02.000Z',
  updatedAt: '2026-03-02T09:40:00.000Z',
  lines: [{ orderLineId: 'l-1', sku: 'SKU-0001', qty: 1, pickedQty: 1, status: 'picked' }],
  pickup: {
    status: 'waiting',
    expiresAt: '2026-03-09T09:40:00.000Z',
    failedAttempts: 0,
    locked: false,
    reminded: false,
  },
};

export const TASK_VIEW = api.component(
  'Task',
  api.objectOf<TaskView>({
    id: api.uuid(),
    fulfilmentOrderId: api.uuid(),
    orderId: api.string(),
    locationId: api.string(),
    deliveryType: api.oneOfValues(DELIVERY_TYPES),
    status: api.oneOfValues(TASK_STATUSES, {
      description: 'README "Task states": which step is allowed in which status.',
    }),
    reason: api.nullable(api.string({ description: 'Why a task was rejected, cancelled or expired.' })),
    carrier: api.nullable(api.string()),
    trackingNumber: api.nullable(api.string()),
    deliveredAt: api.nullable(api.dateTime()),
    createdAt: api.dateTime(),
    updatedAt: api.dateTime(),
    lines: api.arrayOf(
      api.objectOf<TaskLine>({
        orderLineId: api.string(),
        sku: api.string(),
        qty: api.integer({ minimum: 1 }),
        pickedQty: api.nullable(api.integer({ minimum: 0 })),
        status: api.oneOfValues(FO_LINE_STATUSES),
      }),
    ),
    pickup: api.optional(
      api.objectOf<NonNullable<TaskView['pickup']>>(
        {
          status: api.oneOfValues(PICKUP_STATUSES),
          expiresAt: api.dateTime(),
          failedAttempts: api.integer({ minimum: 0 }),
          locked: api.boolean({ description: 'Too many wrong codes: reissue the code before handing over.' }),
          reminded: api.boolean(),
        },
        { description: 'A pickup task once it is ready: the code itself is never shown to staff.' },
      ),
    ),
  }),
);

export const TASK_PAGE = api.component('TaskPage', api.pageOf(TASK_VIEW));
