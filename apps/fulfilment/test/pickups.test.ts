// Pickups at the counter and no-shows, with the REAL inventory and orders beside fulfilment: orders
// places the order (orders.order-placed) and cancels the lines of a no-show, inventory allocates and
// releases. The pickup window is shrunk to seconds through the environment (PICKUP_WINDOW_DAYS takes decimals).
import { randomUUID } from 'node:crypto';
import {
  AllocationReleased,
  OrderCancelled,
  PickupExpired,
  PickupHandedOver,
  PickupReminderDue,
  ReadyForPickup,
  type FulfilmentLinesV1,
  type OrderCancelledV1,
  type PickupReminderDueV1,
  type ReadyForPickupV1,
} from '@omni/contracts';
import {
  apiClient,
  eventually,
  EventReader,
  reservationViolations,
  startServices,
  storeStaff,
  uniqueSuffix,
  WEB,
  type RunningService,
} from '@omni/testing';
// Tests may cross apps; production code may not.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { inventoryService } from '../../inventory/src/inventory.service-definition';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ordersService } from '../../orders/src/orders.service-definition';
import { fulfilmentService } from '../src/fulfilment.service-definition';
import { levelAt, seedSites, SITES, stock, taskFor, type TaskBody } from './support';

const WINDOW_DAYS = 0.0001; // 8.6 s
const REMINDER_DAYS_BEFORE = 0.00007; // 6 s before expiry: about 2.6 s after ready

interface OrderBody {
  id: string;
  lines: Array<{ id: string; status: string; statusReason: string | null }>;
}

describe('pickups: codes at the counter and no-shows', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;
  let reader: EventReader;
  const staff = () => apiClient(fulfilment, storeStaff(SITES.soho.id));
  const web = () => apiClient(orders, WEB);
  const act = (task: TaskBody, action: string, body: unknown = {}) =>
    staff().post<TaskBody & { remainingAttempts?: number }>(`/v1/tasks/${task.id}/${action}`, body);

  /** A customer orders for pickup at Soho through the orders API; staff walk it to the counter. Returns the customer's code. */
  async function readyPickup(): Promise<{ orderId: string; task: TaskBody; code: string; item: string }> {
    const item = `PU-${uniqueSuffix()}`;
    await stock(inventory, fulfilment, item, SITES.soho.id, 2);
    const key = randomUUID();
    const body = {
      channel: 'web',
      customer: { id: 'c-1', email: 'c@example.com' },
      lines: [
        {
          sku: item,
          qty: 1,
          unitPrice: 1000,
          currency: 'GBP',
          delivery: { type: 'pickup', locationId: SITES.soho.id },
        },
      ],
    };
    // Orders accepts a pickup once it has heard of the store (its own projection of inventory's locations).
    const placed = await eventually(
      async () => {
        const res = await web().post<OrderBody>('/v1/orders', body, { 'idempotency-key': key });
        return res.status === 201 ? res.body : undefined;
      },
      20000,
      'orders to accept the pickup order',
    );
    const task = await taskFor(fulfilment, placed.id, SITES.soho.id, 'to_pick');
    await act(task, 'pick', { lines: [{ orderLineId: task.lines[0].orderLineId, pickedQty: 1 }] });
    await act(task, 'pack');
    expect((await act(task, 'ready')).body.status).toBe('ready_for_pickup');
    await reader.waitFor(
      (r) => r.events<ReadyForPickupV1>(ReadyForPickup.type).some((e) => e.data.orderId === placed.id),
      20000,
      'ready-for-pickup',
    );
    const code = reader.events<ReadyForPickupV1>(ReadyForPickup.type).find((e) => e.data.orderId === placed.id)?.data
      .pickupCode as string;
    return { orderId: placed.id, task, code, item };
  }

  beforeAll(async () => {
    [inventory, orders, fulfilment] = await startServices(prefix, [
      inventoryService,
      ordersService,
      {
        definition: fulfilmentService,
        env: {
          PICKUP_WINDOW_DAYS: String(WINDOW_DAYS),
          PICKUP_REMINDER_DAYS_BEFORE: String(REMINDER_DAYS_BEFORE),
          PICKUP_SWEEP_MS: '300',
        },
      },
    ]);
    reader = await EventReader.open(prefix, ['fulfilment', 'inventory', 'orders']);
    await seedSites(inventory, fulfilment, [SITES.soho]);
  });

  afterAll(async () => {
    await reader?.close();
    await Promise.all([fulfilment?.stop(), orders?.stop(), inventory?.stop()]);
  });

  it('refuses wrong codes (422, counted) and locks the pickup on the fifth (423), even against the right code', async () => {
    const { orderId, task, code } = await readyPickup();
    const wrong = code === '123456' ? '654321' : '123456';
    for (const remaining of [4, 3, 2, 1]) {
      const res = await act(task, 'handover', { code: wrong });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ type: 'urn:omni:problem:wrong-pickup-code', remainingAttempts: remaining });
    }
    expect((await act(task, 'handover', { code: wrong })).status).toBe(423);
    const right = await act(task, 'handover', { code });
    expect(right.status).toBe(423);
    expect(right.body).toMatchObject({ type: 'urn:omni:problem:pickup-locked' });
    const view = await staff().get<TaskBody>(`/v1/tasks/${task.id}`);
    expect(view.body).toMatchObject({ status: 'ready_for_pickup', pickup: { failedAttempts: 5, locked: true } });
    // Fulfilment's outbox, where a handover's event is written with it (the topic would show it only later).
    expect(
      await fulfilment.sql(`SELECT 1 FROM outbox WHERE type = $1 AND aggregateid = $2`, [
        PickupHandedOver.type,
        orderId,
      ]),
    ).toEqual([]);
    expect((await act(task, 'handover', { code: '12ab' })).status).toBe(400);

    // The store has the customer's code sent again: a new one, the lock and the count cleared, the old code dead.
    const reissued = await act(task, 'reissue-code');
    expect(reissued.status).toBe(200);
    expect(reissued.body).toMatchObject({ status: 'ready_for_pickup', pickup: { failedAttempts: 0, locked: false } });
    const codes = () =>
      reader
        .events<ReadyForPickupV1>(ReadyForPickup.type)
        .filter((e) => e.data.orderId === orderId)
        .map((e) => e.data.pickupCode);
    await reader.waitFor(() => codes().length === 2, 20000, 'the second ready-for-pickup');
    const fresh = codes()[1] as string;
    if (fresh !== code) expect((await act(task, 'handover', { code })).status).toBe(422);
    expect((await act(task, 'handover', { code: fresh })).status).toBe(200);
    expect((await act(task, 'reissue-code')).status).toBe(409); // handed over: nothing left to reissue
  });

  it('reminds the customer, then cancels a pickup nobody collected: orders cancels the line and inventory releases the stock', async () => {
    const { orderId, task, item } = await readyPickup();
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ reserved: 1 });

    await reader.waitFor(
      (r) => r.events<PickupReminderDueV1>(PickupReminderDue.type).some((e) => e.data.orderId === orderId),
      20000,
      'pickup-reminder-due',
    );
    await reader.waitFor(
      (r) => r.events<FulfilmentLinesV1>(PickupExpired.type).some((e) => e.data.orderId === orderId),
      30000,
      'pickup-expired',
    );
    const reminder = reader.events<PickupReminderDueV1>(PickupReminderDue.type).find((e) => e.data.orderId === orderId);
    const expired = reader.events<FulfilmentLinesV1>(PickupExpired.type).find((e) => e.data.orderId === orderId);
    expect(expired?.data.lines).toEqual([{ orderLineId: task.lines[0].orderLineId, sku: item, qty: 1 }]);
    expect(Date.parse(reminder?.occurredAt ?? '')).toBeLessThan(Date.parse(expired?.occurredAt ?? ''));
    expect(Date.parse(reminder?.data.expiresAt ?? '')).toBeGreaterThan(Date.parse(reminder?.occurredAt ?? ''));
    expect((await staff().get<TaskBody>(`/v1/tasks/${task.id}`)).body).toMatchObject({
      status: 'expired',
      pickup: { status: 'expired' },
    });

    // The real orders service cancels the line; inventory releases on its orders.order-cancelled.
    await reader.waitFor(
      (r) => r.events<OrderCancelledV1>(OrderCancelled.type).some((e) => e.data.orderId === orderId),
      20000,
      'orders.order-cancelled',
    );
    await reader.waitFor(
      (r) => r.events(AllocationReleased.type).some((e) => (e.data as { orderId: string }).orderId === orderId),
      20000,
      'allocation-released',
    );
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ onHand: 2, reserved: 0 });
    const order = await web().get<OrderBody>(`/v1/orders/${orderId}`);
    expect(order.body.lines).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    await eventually(
      async () =>
        (await fulfilment.sql<{ status: string }>(`SELECT status FROM order_lines WHERE order_id = $1`, [orderId]))[0]
          ?.status === 'cancelled',
      10000,
      'fulfilment to close the line',
    );
    // One expiry, however many sweeps ran.
    expect(reader.events<FulfilmentLinesV1>(PickupExpired.type).filter((e) => e.data.orderId === orderId)).toHaveLength(
      1,
    );
    // Nothing stays reserved for the no-show (or for any line these tests ended).
    expect(
      await reservationViolations(inventory.schema, {
        ordersSchema: orders.schema,
        fulfilmentSchema: fulfilment.schema,
      }),
    ).toEqual([]);
  });
});
