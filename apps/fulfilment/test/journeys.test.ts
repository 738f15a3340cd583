// The order journey through fulfilment with the REAL inventory service beside it (one event log):
// orders.order-placed is a fixture (orders does not publish it yet); everything else is real.
import {
  AllocationRejected,
  DiscrepancyDetected,
  FulfilmentOrderCreated,
  LinesUnfulfillable,
  OrderPlaced,
  PickupHandedOver,
  ReadyForPickup,
  ShipmentDelivered,
  ShipmentDispatched,
  ShortPicked,
  StockLevelSnapshot,
  stockLevelKey,
  type AllocationRejectedV1,
  type FulfilmentLinesV1,
  type LinesUnfulfillableV1,
  type ReadyForPickupV1,
  type ShortPickedV1,
} from '@omni/contracts';
import { CursorCodec, type AppConfig } from '@omni/platform';
import {
  ADMIN,
  apiClient,
  channelClient,
  eventually,
  EventFixtures,
  EventReader,
  storeStaff,
  uniqueSuffix,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
import {
  levelAt,
  startBoth,
  orderPlaced,
  seedSites,
  SITES,
  SOHO_CUSTOMER,
  stock,
  taskFor,
  type TaskBody,
} from './support';

describe('fulfilment journeys with the real inventory', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let inventory: RunningService;
  let fulfilment: RunningService;
  let reader: EventReader;
  let fixtures: EventFixtures;
  let admin: ApiClient;
  const staffOf = (locationId: string) => apiClient(fulfilment, storeStaff(locationId));
  const ship = { type: 'ship' as const, address: SOHO_CUSTOMER };
  const sku = (name: string) => `${name}-${uniqueSuffix()}`;
  const act = (task: TaskBody, action: string, body: unknown = {}) =>
    staffOf(task.locationId).post<TaskBody>(`/v1/tasks/${task.id}/${action}`, body);
  /** The store's list by status finds the task under its status and a former word for it (a deprecated alias), not under `others`. */
  async function expectListedAs(task: TaskBody, [status, former]: [string, string], others: string[]): Promise<void> {
    const listed = async (word: string) => {
      const res = await staffOf(task.locationId).get<{ items: TaskBody[] }>(
        `/v1/locations/${task.locationId}/tasks?status=${word}`,
      );
      expect(res.status).toBe(200);
      return res.body.items.filter((t) => t.id === task.id).map((t) => t.status);
    };
    for (const word of [status, former]) expect(await listed(word)).toEqual([status]);
    for (const word of others) expect(await listed(word)).toEqual([]);
  }
  const pickAll = (task: TaskBody) =>
    act(task, 'pick', { lines: task.lines.map((l) => ({ orderLineId: l.orderLineId, pickedQty: l.qty })) });

  beforeAll(async () => {
    [inventory, fulfilment] = await startBoth(prefix);
    reader = await EventReader.open(prefix, ['fulfilment', 'inventory']);
    fixtures = new EventFixtures(prefix);
    admin = apiClient(fulfilment, ADMIN);
    await seedSites(inventory, fulfilment, [SITES.dc, SITES.soho, SITES.camden]);
  });

  afterAll(async () => {
    await fixtures?.close();
    await reader?.close();
    await Promise.all([fulfilment?.stop(), inventory?.stop()]);
  });

  it('takes a click-and-collect order from placed to handed over, and inventory consumes the allocation', async () => {
    const item = sku('CC');
    await stock(inventory, fulfilment, item, SITES.soho.id, 5);
    const orderId = `o-cc-${uniqueSuffix()}`;
    await fixtures.publish(
      OrderPlaced,
      orderId,
      orderPlaced(orderId, [{ sku: item, qty: 2, delivery: { type: 'pickup', locationId: SITES.soho.id } }]),
    );

    const task = await taskFor(fulfilment, orderId, SITES.soho.id, 'to_pick');
    expect(task.lines).toEqual([expect.objectContaining({ sku: item, qty: 2, status: 'open' })]);
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ onHand: 5, reserved: 2 });
    expect(
      reader.events(FulfilmentOrderCreated.type).some((e) => (e.data as { orderId: string }).orderId === orderId),
    ).toBe(true);

    // Another store's staff can neither see nor work this store's tasks: its list is not theirs (403), a task of it is as good as missing (404).
    const otherStore = staffOf(SITES.camden.id);
    expect((await otherStore.get(`/v1/locations/${SITES.soho.id}/tasks`)).status).toBe(403);
    expect((await otherStore.get(`/v1/tasks/${task.id}`)).status).toBe(404);
    expect(
      (
        await otherStore.post(`/v1/tasks/${task.id}/pick`, {
          lines: [{ orderLineId: task.lines[0].orderLineId, pickedQty: 2 }],
        })
      ).status,
    ).toBe(404);

    expect((await pickAll(task)).body.status).toBe('to_pack');
    expect((await act(task, 'pack')).body.status).toBe('packed');
    const ready = await act(task, 'ready');
    expect(ready.body).toMatchObject({ status: 'ready_for_pickup', pickup: { status: 'waiting', failedAttempts: 0 } });
    expect(JSON.stringify(ready.body)).not.toMatch(/pickupCode/);
    await expectListedAs(task, ['ready_for_pickup', 'awaiting_pickup'], ['packed', 'picked_up']);

    await reader.waitFor(
      (r) => r.events<ReadyForPickupV1>(ReadyForPickup.type).some((e) => e.data.orderId === orderId),
      20000,
      'ready-for-pickup',
    );
    const code = reader.events<ReadyForPickupV1>(ReadyForPickup.type).find((e) => e.data.orderId === orderId)?.data
      .pickupCode as string;
    expect(code).toMatch(/^[0-9]{6}$/);
    const [stored] = await fulfilment.sql<{ code_hash: string }>(`SELECT code_hash FROM pickups WHERE order_id = $1`, [
      orderId,
    ]);
    expect(stored.code_hash).not.toContain(code);

    const wrong = code === '000000' ? '000001' : '000000';
    const refused = await act(task, 'handover', { code: wrong });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ remainingAttempts: 4 });
    const handed = await act(task, 'handover', { code });
    expect(handed.status).toBe(200);
    expect(handed.body.status).toBe('picked_up');
    expect(handed.body.pickup).toMatchObject({ status: 'picked_up' });
    await expectListedAs(task, ['picked_up', 'handed_over'], ['ready_for_pickup', 'awaiting_pickup']);
    // Only shipments are delivered by a carrier.
    const notDeliverable = await act(task, 'deliver');
    expect(notDeliverable.status).toBe(409);
    expect(notDeliverable.body).toMatchObject({ detail: expect.stringMatching(/pickup task cannot be delivered/) });

    await reader.waitFor(
      (r) => r.events(PickupHandedOver.type).some((e) => (e.data as { orderId: string }).orderId === orderId),
      20000,
      'pickup-handed-over',
    );
    await eventually(
      async () => (await levelAt(inventory, item, SITES.soho.id))?.onHand === 3,
      20000,
      'inventory to consume the allocation',
    );
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ onHand: 3, reserved: 0 });
    const history = await admin.get<{
      lines: Array<{ status: string }>;
      decisions: Array<{ trigger: string; groups: unknown[] }>;
    }>(`/v1/orders/${orderId}/sourcing`);
    expect(history.body.lines).toEqual([expect.objectContaining({ status: 'fulfilled' })]);
    expect(history.body.decisions).toEqual([expect.objectContaining({ trigger: 'order-placed' })]);
    const path = `/v1/orders/${orderId}/sourcing`;
    expect((await apiClient(fulfilment, WEB).get(path)).status).toBe(200);
    expect((await apiClient(fulfilment, channelClient('app')).get(path)).status).toBe(404);
  });

  it('splits a ship order between a DC and a store, and ships from the store', async () => {
    const [atDc, atStore] = [sku('DC'), sku('ST')];
    await stock(inventory, fulfilment, atDc, SITES.dc.id, 4);
    await stock(inventory, fulfilment, atStore, SITES.soho.id, 4);
    const orderId = `o-split-${uniqueSuffix()}`;
    await fixtures.publish(
      OrderPlaced,
      orderId,
      orderPlaced(orderId, [
        { sku: atDc, qty: 1, delivery: ship },
        { sku: atStore, qty: 2, delivery: ship },
      ]),
    );

    const [dcTask, storeTask] = await Promise.all([
      taskFor(fulfilment, orderId, SITES.dc.id),
      taskFor(fulfilment, orderId, SITES.soho.id),
    ]);
    expect(dcTask.lines.map((l) => l.sku)).toEqual([atDc]);
    expect(storeTask.lines.map((l) => l.sku)).toEqual([atStore]);
    expect(await levelAt(inventory, atDc, SITES.dc.id)).toMatchObject({ reserved: 1 });
    expect(await levelAt(inventory, atStore, SITES.soho.id)).toMatchObject({ reserved: 2 });

    const decision = (
      await admin.get<{
        decisions: Array<{
          groups: Array<{
            chosen: string[];
            candidates: Array<{ locationId: string; score: number | null; reasons: string[] }>;
          }>;
        }>;
      }>(`/v1/orders/${orderId}/sourcing`)
    ).body.decisions[0];
    expect(decision.groups[0].chosen.sort()).toEqual([SITES.dc.id, SITES.soho.id].sort());
    expect(decision.groups[0].candidates.find((c) => c.locationId === SITES.soho.id)).toMatchObject({
      score: expect.any(Number),
      reasons: expect.arrayContaining([expect.stringMatching(/km from the address/)]),
    });

    await pickAll(storeTask);
    await act(storeTask, 'pack');
    const shipped = await act(storeTask, 'ship', { carrier: 'DPD', trackingNumber: 'TRK-1' });
    expect(shipped.body).toMatchObject({ status: 'shipped', carrier: 'DPD', trackingNumber: 'TRK-1' });
    await reader.waitFor(
      (r) => r.events(ShipmentDispatched.type).some((e) => (e.data as { orderId: string }).orderId === orderId),
      20000,
      'shipment-dispatched',
    );
    await eventually(
      async () => (await levelAt(inventory, atStore, SITES.soho.id))?.onHand === 2,
      20000,
      'inventory to consume the shipped units',
    );

    // The carrier confirms delivery: only a shipped task, only at a time that has passed.
    const unshipped = await staffOf(dcTask.locationId).post(`/v1/tasks/${dcTask.id}/deliver`); // the body is optional
    expect(unshipped.status).toBe(409);
    expect(unshipped.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(unshipped.body).toMatchObject({
      detail: expect.stringMatching(/status to_pick cannot deliver \(expected shipped\)/),
    });
    expect(
      (await act(storeTask, 'deliver', { deliveredAt: new Date(Date.now() + 3_600_000).toISOString() })).status,
    ).toBe(400);
    const deliveredAt = new Date(Date.now() - 60_000).toISOString();
    const delivered = await act(storeTask, 'deliver', { deliveredAt });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', deliveredAt, carrier: 'DPD', trackingNumber: 'TRK-1' });
    const deliveredTo = (r: EventReader) =>
      r.events<FulfilmentLinesV1>(ShipmentDelivered.type).filter((e) => e.data.orderId === orderId);
    await reader.waitFor((r) => deliveredTo(r).length > 0, 20000, 'shipment-delivered');
    expect(deliveredTo(reader).map((e) => e.data)).toEqual([
      {
        orderId,
        fulfilmentOrderId: (shipped.body as TaskBody & { fulfilmentOrderId: string }).fulfilmentOrderId,
        lines: storeTask.lines.map(({ orderLineId, sku: item, qty }) => ({ orderLineId, sku: item, qty })),
        deliveredAt,
      },
    ]);
    const again = await act(storeTask, 'deliver');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('re-sources a short pick to another store, telling inventory what was missing', async () => {
    const item = sku('SHORT');
    await stock(inventory, fulfilment, item, SITES.soho.id, 3);
    await stock(inventory, fulfilment, item, SITES.camden.id, 3);
    const orderId = `o-short-${uniqueSuffix()}`;
    await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 2, delivery: ship }]));
    const soho = await taskFor(fulfilment, orderId, SITES.soho.id, 'to_pick');

    const picked = await act(soho, 'pick', { lines: [{ orderLineId: soho.lines[0].orderLineId, pickedQty: 1 }] });
    expect(picked.body).toMatchObject({ status: 'rejected', lines: [expect.objectContaining({ status: 'moved' })] });
    await reader.waitFor(
      (r) => r.events<ShortPickedV1>(ShortPicked.type).some((e) => e.data.orderId === orderId),
      20000,
      'short-picked',
    );
    expect(reader.events<ShortPickedV1>(ShortPicked.type).find((e) => e.data.orderId === orderId)?.data).toMatchObject({
      locationId: SITES.soho.id,
      lines: [{ sku: item, qty: 2, pickedQty: 1, shortQty: 1 }],
    });

    const camden = await taskFor(fulfilment, orderId, SITES.camden.id, 'to_pick');
    expect(camden.lines).toEqual([expect.objectContaining({ sku: item, qty: 2 })]);
    // Inventory moved the allocation: released at Soho, reserved at Camden.
    await eventually(
      async () => (await levelAt(inventory, item, SITES.soho.id))?.reserved === 0,
      20000,
      'the Soho reservation to be released',
    );
    expect(await levelAt(inventory, item, SITES.camden.id)).toMatchObject({ reserved: 2 });
    const history = await admin.get<{
      lines: Array<{ excludedLocationIds: string[]; attempts: number }>;
      decisions: Array<{ trigger: string }>;
    }>(`/v1/orders/${orderId}/sourcing`);
    expect(history.body.decisions.map((d) => d.trigger)).toEqual(['order-placed', 'short-picked']);
    expect(history.body.lines[0]).toMatchObject({ excludedLocationIds: [SITES.soho.id], attempts: 2 });
  });

  it('re-sources without a location that inventory refused, giving its capacity back', async () => {
    const item = sku('STALE');
    await stock(inventory, fulfilment, item, SITES.camden.id, 3);
    // Fulfilment's projection believes Soho has stock inventory does not have (a stale view, made by a fixture).
    await fixtures.publish(StockLevelSnapshot, stockLevelKey(item, SITES.soho.id), {
      sku: item,
      locationId: SITES.soho.id,
      onHand: 9,
      reserved: 0,
      safetyStock: 0,
      damaged: 0,
      sellable: 9,
      asOf: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await eventually(
      async () =>
        (
          await fulfilment.sql(`SELECT 1 FROM stock_positions WHERE sku = $1 AND location_id = $2`, [
            item,
            SITES.soho.id,
          ])
        ).length === 1,
      20000,
      'the stale figure',
    );
    const usedAtSoho = async () =>
      (await admin.get<{ today: { used: number } }>(`/v1/locations/${SITES.soho.id}/capacity`)).body.today.used;
    // A limit makes Soho count its orders, so the claim and its give-back are visible.
    await admin.put(`/v1/locations/${SITES.soho.id}/capacity`, { dailyOrderLimit: 1000 });
    try {
      const before = await usedAtSoho();
      const orderId = `o-rej-${uniqueSuffix()}`;
      await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 2, delivery: ship }]));

      await taskFor(fulfilment, orderId, SITES.camden.id, 'to_pick');
      expect(
        reader.events<AllocationRejectedV1>(AllocationRejected.type).find((e) => e.data.orderId === orderId)?.data,
      ).toMatchObject({ reason: 'insufficient-stock', lines: [{ locationId: SITES.soho.id, shortfall: 2 }] });
      const history = await admin.get<{
        lines: Array<{ excludedLocationIds: string[] }>;
        decisions: Array<{ trigger: string }>;
      }>(`/v1/orders/${orderId}/sourcing`);
      expect(history.body.decisions.map((d) => d.trigger)).toEqual(['order-placed', 'allocation-rejected']);
      expect(history.body.lines[0].excludedLocationIds).toEqual([SITES.soho.id]);
      const [request] = await fulfilment.sql<{ capacity_claims: unknown[] }>(
        `SELECT capacity_claims FROM allocation_requests WHERE order_id = $1 AND status = 'rejected'`,
        [orderId],
      );
      expect(request.capacity_claims).toEqual([expect.objectContaining({ locationId: SITES.soho.id })]);
      expect(await usedAtSoho()).toBe(before);
    } finally {
      await admin.put(`/v1/locations/${SITES.soho.id}/capacity`, { dailyOrderLimit: null });
    }
  });

  it('skips a store at capacity', async () => {
    const item = sku('CAP');
    await stock(inventory, fulfilment, item, SITES.soho.id, 5);
    await stock(inventory, fulfilment, item, SITES.camden.id, 5);
    const capacity = await admin.get<{ today: { used: number } }>(`/v1/locations/${SITES.soho.id}/capacity`);
    const full = await admin.put(`/v1/locations/${SITES.soho.id}/capacity`, {
      dailyOrderLimit: capacity.body.today.used,
    });
    expect(full.body).toMatchObject({ today: { remaining: 0 } });
    try {
      const orderId = `o-cap-${uniqueSuffix()}`;
      await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 1, delivery: ship }]));
      await taskFor(fulfilment, orderId, SITES.camden.id, 'to_pick');
      const history = await admin.get<{
        decisions: Array<{
          groups: Array<{ candidates: Array<{ locationId: string; eligible: boolean; reasons: string[] }> }>;
        }>;
      }>(`/v1/orders/${orderId}/sourcing`);
      expect(history.body.decisions[0].groups[0].candidates.find((c) => c.locationId === SITES.soho.id)).toMatchObject({
        eligible: false,
        reasons: [expect.stringMatching(/at capacity/)],
      });
      expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ reserved: 0 });
    } finally {
      await admin.put(`/v1/locations/${SITES.soho.id}/capacity`, { dailyOrderLimit: null });
    }
  });

  it('re-sources lines whose stock a POS sale took (inventory.discrepancy-detected)', async () => {
    const item = sku('POS');
    await stock(inventory, fulfilment, item, SITES.soho.id, 2);
    await stock(inventory, fulfilment, item, SITES.camden.id, 4);
    const orderId = `o-pos-${uniqueSuffix()}`;
    await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 2, delivery: ship }]));
    await taskFor(fulfilment, orderId, SITES.soho.id, 'to_pick');

    const sale = await apiClient(inventory, storeStaff(SITES.soho.id)).post('/v1/stock/movements', {
      sku: item,
      locationId: SITES.soho.id,
      type: 'sale',
      quantity: 2,
    });
    expect(sale.status).toBe(201);
    await reader.waitFor(
      (r) => r.events(DiscrepancyDetected.type).some((e) => (e.data as { sku: string }).sku === item),
      20000,
      'discrepancy-detected',
    );
    await taskFor(fulfilment, orderId, SITES.camden.id, 'to_pick');
    expect((await taskFor(fulfilment, orderId, SITES.soho.id)).status).toBe('cancelled');
    await eventually(
      async () => (await levelAt(inventory, item, SITES.camden.id))?.reserved === 2,
      20000,
      'the allocation to move to Camden',
    );
  });

  it('fails a pickup the chosen store cannot serve, naming nearby stores that can', async () => {
    const item = sku('ALT');
    await stock(inventory, fulfilment, item, SITES.camden.id, 3);
    const orderId = `o-alt-${uniqueSuffix()}`;
    await fixtures.publish(
      OrderPlaced,
      orderId,
      orderPlaced(orderId, [{ sku: item, qty: 1, delivery: { type: 'pickup', locationId: SITES.soho.id } }]),
    );
    await reader.waitFor(
      (r) => r.events<LinesUnfulfillableV1>(LinesUnfulfillable.type).some((e) => e.data.orderId === orderId),
      20000,
      'lines-unfulfillable',
    );
    expect(
      reader.events<LinesUnfulfillableV1>(LinesUnfulfillable.type).find((e) => e.data.orderId === orderId)?.data.lines,
    ).toEqual([
      {
        orderLineId: `${orderId}-l1`,
        reason: `pickup store ${SITES.soho.id} has 0 of 1 x ${item} sellable`,
        alternatives: [{ locationId: SITES.camden.id, name: SITES.camden.id, distanceKm: 2.9 }],
      },
    ]);
  });

  it('answers a dry run like a placed order, without writing anything', async () => {
    const item = sku('DRY');
    await stock(inventory, fulfilment, item, SITES.camden.id, 3);
    const count = async () =>
      (
        await fulfilment.sql<{ n: number }>(
          `SELECT (SELECT count(*) FROM sourcing_decisions) + (SELECT count(*) FROM outbox) + (SELECT coalesce(sum(used), 0) FROM capacity_usage) AS n`,
        )
      )[0].n;
    const before = await count();
    const res = await admin.post<{ assignments: Array<{ locationId: string }>; groups: unknown[] }>(
      '/v1/sourcing/dry-run',
      { lines: [{ sku: item, qty: 2, delivery: ship }] },
    );
    expect(res.status).toBe(200);
    expect(res.body.assignments).toEqual([
      expect.objectContaining({ locationId: SITES.camden.id, orderLineId: 'line-1' }),
    ]);
    expect(await count()).toBe(before);

    const invalid = await admin.post<{ errors: Array<{ field: string }> }>('/v1/sourcing/dry-run', {
      lines: [{ sku: item, qty: 0, delivery: { type: 'pickup' } }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['lines.0.qty', 'lines.0.delivery.locationId']),
    );
    expect(
      (await staffOf(SITES.soho.id).post('/v1/sourcing/dry-run', { lines: [{ sku: item, qty: 1, delivery: ship }] }))
        .status,
    ).toBe(403);
  });

  it("counts a cart hold's units where it keeps them while the hold is active, and no longer once it is released", async () => {
    const item = sku('HELD');
    await stock(inventory, fulfilment, item, SITES.soho.id, 2);
    const hold = await apiClient(inventory, WEB).post<{ id: string }>('/v1/holds', {
      channel: 'web',
      lines: [{ sku: item, qty: 1, locationId: SITES.soho.id }],
      ttlSeconds: 600,
    });
    expect(hold.status).toBe(201);
    type Plan = { groups: Array<{ candidates: Array<{ locationId: string; parts: { hold: number } | null }> }> };
    const holdShareAtSoho = async () => {
      const res = await admin.post<Plan>('/v1/sourcing/dry-run', {
        lines: [{ sku: item, qty: 1, delivery: ship }],
        holdId: hold.body.id,
      });
      expect(res.status).toBe(200);
      return res.body.groups[0].candidates.find((c) => c.locationId === SITES.soho.id)?.parts?.hold;
    };
    await eventually(async () => (await holdShareAtSoho()) === 1, 30000, 'the hold to count at Soho');

    expect((await apiClient(inventory, WEB).post(`/v1/holds/${hold.body.id}/release`)).status).toBeLessThan(300);
    await eventually(async () => (await holdShareAtSoho()) === 0, 30000, 'the released hold to count no more');
    expect(await fulfilment.sql(`SELECT status, lines FROM holds WHERE hold_id = $1`, [hold.body.id])).toEqual([
      { status: 'released', lines: [] },
    ]);
  });

  it('pages a store task list oldest first by cursor, with nothing repeated or skipped, and refuses forged cursors', async () => {
    const item = sku('PAGE');
    await stock(inventory, fulfilment, item, SITES.camden.id, 10);
    const orders = Array.from({ length: 3 }, (_, i) => `o-page-${i}-${uniqueSuffix()}`);
    for (const orderId of orders)
      await fixtures.publish(
        OrderPlaced,
        orderId,
        orderPlaced(orderId, [{ sku: item, qty: 1, delivery: { type: 'pickup', locationId: SITES.camden.id } }]),
      );
    for (const orderId of orders) await taskFor(fulfilment, orderId, SITES.camden.id);
    const staff = staffOf(SITES.camden.id);
    const whole = await staff.get<{ items: TaskBody[]; nextCursor: string | null }>(
      `/v1/locations/${SITES.camden.id}/tasks?limit=200`,
    );
    expect(whole.body.nextCursor).toBeNull();
    const paged: string[] = [];
    const issued: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: TaskBody[]; nextCursor: string | null } } = await staff.get(
        `/v1/locations/${SITES.camden.id}/tasks?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      paged.push(...page.body.items.map((t) => t.id));
      cursor = page.body.nextCursor;
      if (cursor) issued.push(cursor);
    } while (cursor);
    expect(paged).toEqual(whole.body.items.map((t) => t.id));
    expect(paged.length).toBeGreaterThanOrEqual(3);

    // Well-formed cursors for a real position that this service did not sign: each a 400 naming `cursor`, never a page.
    const [body, mac] = issued[0].split('.');
    const [at, id] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string];
    const otherKey = new CursorCodec({ JWT_SECRET: 'someone-elses-secret-0123456789' } as AppConfig);
    const ours = new CursorCodec(fulfilment.config);
    const earlier = Buffer.from(JSON.stringify([new Date(Date.parse(at) - 1).toISOString(), id])).toString('base64url');
    const forged: Array<[string, string]> = [
      ['unsigned (the position alone)', body],
      ['signed with another key', otherKey.encodeKeyset('tasks', { at, id })],
      ['another position under the issued MAC', `${earlier}.${mac}`],
      ["signed for another list (orders')", ours.encodeKeyset('orders', { at, id })],
      ['not a cursor at all', 'not-a-cursor'],
    ];
    for (const [what, value] of forged) {
      const res = await staff.get<{ errors?: Array<{ field: string }> }>(
        `/v1/locations/${SITES.camden.id}/tasks?cursor=${encodeURIComponent(value)}`,
      );
      expect([what, res.status, res.body.errors?.map((e) => e.field)]).toEqual([what, 400, ['cursor']]);
    }
    // The issued cursor itself still pages on: the refusals above are about the signature, not the position.
    expect((await staff.get(`/v1/locations/${SITES.camden.id}/tasks?limit=1&cursor=${issued[0]}`)).status).toBe(200);
    expect((await staff.get(`/v1/locations/${SITES.camden.id}/tasks?limit=201`)).status).toBe(400);

    // Newest first pages the same list backwards; a cursor is good only in the direction it was issued for.
    const newest: string[] = [];
    let back: string | null = null;
    do {
      const page: { status: number; body: { items: TaskBody[]; nextCursor: string | null } } = await staff.get(
        `/v1/locations/${SITES.camden.id}/tasks?sort=newest&limit=1${back ? `&cursor=${back}` : ''}`,
      );
      expect(page.status).toBe(200);
      newest.push(...page.body.items.map((t) => t.id));
      back = page.body.nextCursor;
    } while (back);
    expect(newest).toEqual([...paged].reverse());
    const oldestCursor = (await staff.get<{ nextCursor: string }>(`/v1/locations/${SITES.camden.id}/tasks?limit=1`))
      .body.nextCursor;
    expect((await staff.get(`/v1/locations/${SITES.camden.id}/tasks?sort=newest&cursor=${oldestCursor}`)).status).toBe(
      400,
    );
    expect((await staff.get(`/v1/locations/${SITES.camden.id}/tasks?sort=sideways`)).body).toMatchObject({
      status: 400,
      type: 'urn:omni:problem:invalid-request',
      errors: [{ field: 'sort' }],
    });
  });

  it("lists an order's tasks to its channel and admins, a store's own to a store, and tells 'not yet' from 'not yours'", async () => {
    const [atDc, atStore] = [sku('OT-DC'), sku('OT-ST')];
    await stock(inventory, fulfilment, atDc, SITES.dc.id, 4);
    await stock(inventory, fulfilment, atStore, SITES.soho.id, 4);
    const orderId = `o-tasks-${uniqueSuffix()}`;
    await fixtures.publish(
      OrderPlaced,
      orderId,
      orderPlaced(orderId, [
        { sku: atDc, qty: 1, delivery: ship },
        { sku: atStore, qty: 1, delivery: ship },
      ]),
    );
    const [dcTask, storeTask] = await Promise.all([
      taskFor(fulfilment, orderId, SITES.dc.id),
      taskFor(fulfilment, orderId, SITES.soho.id),
    ]);
    const path = `/v1/orders/${orderId}/tasks`;
    const idsOf = (body: { items: TaskBody[] }) => body.items.map((t) => t.id);
    const oldestFirst = [dcTask, storeTask]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1))
      .map((t) => t.id);

    const all = await admin.get<{ items: TaskBody[]; nextCursor: string | null }>(path);
    expect(all.status).toBe(200);
    expect(idsOf(all.body)).toEqual(oldestFirst);
    expect(all.body.items[0]).toEqual((await admin.get<TaskBody>(`/v1/tasks/${all.body.items[0].id}`)).body);
    expect(idsOf((await admin.get<{ items: TaskBody[] }>(`${path}?sort=newest`)).body)).toEqual(
      [...oldestFirst].reverse(),
    );
    expect(idsOf((await apiClient(fulfilment, WEB).get<{ items: TaskBody[] }>(path)).body)).toEqual(oldestFirst);
    expect(idsOf((await staffOf(SITES.soho.id).get<{ items: TaskBody[] }>(path)).body)).toEqual([storeTask.id]);
    expect((await staffOf(SITES.soho.id).get<{ items: TaskBody[] }>(`${path}?status=shipped`)).body.items).toEqual([]);

    const page = await admin.get<{ items: TaskBody[]; nextCursor: string }>(`${path}?limit=1`);
    expect(idsOf(page.body)).toEqual([oldestFirst[0]]);
    expect(
      idsOf((await admin.get<{ items: TaskBody[] }>(`${path}?limit=1&cursor=${page.body.nextCursor}`)).body),
    ).toEqual([oldestFirst[1]]);
    // A cursor of one order's list is no cursor of another's.
    expect((await admin.get(`/v1/locations/${SITES.dc.id}/tasks?cursor=${page.body.nextCursor}`)).status).toBe(400);

    // "Not yours": another channel, a store with no task of the order. "Not yet": an order fulfilment has not heard of.
    for (const stranger of [apiClient(fulfilment, channelClient('app')), staffOf(SITES.camden.id)]) {
      expect((await stranger.get(path)).body).toMatchObject({ status: 404, type: 'urn:omni:problem:not-found' });
    }
    expect((await admin.get(`/v1/orders/o-nobody-${uniqueSuffix()}/tasks`)).body).toMatchObject({
      status: 404,
      type: 'urn:omni:problem:order-unknown',
    });
    expect((await apiClient(fulfilment, WEB).get(`/v1/orders/o-nobody-${uniqueSuffix()}/sourcing`)).body).toMatchObject(
      { status: 404, type: 'urn:omni:problem:order-unknown' },
    );
  });
});
