// Every way fulfilment ends an order line (or moves it off a location) gives its reservation back at
// inventory, with the REAL inventory beside fulfilment: a POS oversell that leaves nowhere to go, a
// short pick, a fulfilment order given back. orders.order-placed is a fixture; the rest is real.
import {
  AllocationReleased,
  DiscrepancyDetected,
  LinesUnfulfillable,
  OrderPlaced,
  type AllocationReleasedV1,
  type LinesUnfulfillableV1,
} from '@omni/contracts';
import {
  apiClient,
  eventually,
  EventFixtures,
  EventReader,
  reservationViolations,
  storeStaff,
  uniqueSuffix,
  type RunningService,
} from '@omni/testing';
import {
  levelAt,
  orderPlaced,
  seedSites,
  SITES,
  SOHO_CUSTOMER,
  startBoth,
  stock,
  taskFor,
  type TaskBody,
} from './support';

describe('no reservation outlives its line', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let inventory: RunningService;
  let fulfilment: RunningService;
  let reader: EventReader;
  let fixtures: EventFixtures;
  const ship = { type: 'ship' as const, address: SOHO_CUSTOMER };
  const sku = (name: string) => `${name}-${uniqueSuffix()}`;
  const act = (task: TaskBody, action: string, body: unknown = {}) =>
    apiClient(fulfilment, storeStaff(task.locationId)).post<TaskBody>(`/v1/tasks/${task.id}/${action}`, body);
  const lineState = async (orderId: string) =>
    (
      await fulfilment.sql<{ status: string }>(`SELECT status FROM order_lines WHERE order_id = $1 ORDER BY line_no`, [
        orderId,
      ])
    ).map((l) => l.status);
  /** The releases inventory committed for an order (its outbox: written in the same transaction as the release). */
  const releasesOf = async (orderId: string) =>
    (
      await inventory.sql<{ data: AllocationReleasedV1 }>(
        `SELECT payload->'data' AS data FROM outbox WHERE type = $1 AND aggregateid = $2 ORDER BY seq`,
        [AllocationReleased.type, orderId],
      )
    ).map(({ data }) => ({
      reason: data.reason,
      lines: data.lines.map(({ orderLineId, locationId, qty }) => ({ orderLineId, locationId, qty })),
    }));
  const violationsFor = async (item: string) =>
    (await reservationViolations(inventory.schema, { fulfilmentSchema: fulfilment.schema })).filter(
      (v) => v.sku === item,
    );

  beforeAll(async () => {
    [inventory, fulfilment] = await startBoth(prefix);
    reader = await EventReader.open(prefix, ['fulfilment', 'inventory']);
    fixtures = new EventFixtures(prefix);
    await seedSites(inventory, fulfilment, [SITES.dc, SITES.soho, SITES.camden]);
  });

  afterAll(async () => {
    await fixtures?.close();
    await reader?.close();
    await Promise.all([fulfilment?.stop(), inventory?.stop()]);
  });

  it('gives up a line whose stock a POS sale took when no other location has it, and inventory releases its reservation', async () => {
    const item = sku('OVERSOLD');
    await stock(inventory, fulfilment, item, SITES.soho.id, 3);
    const orderId = `o-oversold-${uniqueSuffix()}`;
    await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 2, delivery: ship }]));
    await taskFor(fulfilment, orderId, SITES.soho.id, 'to_pick');
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ onHand: 3, reserved: 2 });

    // The POS sells 2 of the 3 on the shelf: 1 left for 2 promised.
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
    await reader.waitFor(
      (r) => r.events<LinesUnfulfillableV1>(LinesUnfulfillable.type).some((e) => e.data.orderId === orderId),
      30000,
      'lines-unfulfillable',
    );
    expect(await lineState(orderId)).toEqual(['unfulfillable']);

    await eventually(async () => (await releasesOf(orderId)).length > 0, 20000, 'inventory to release the line');
    expect(await releasesOf(orderId)).toEqual([
      { reason: 'unfulfillable', lines: [{ orderLineId: `${orderId}-l1`, locationId: SITES.soho.id, qty: 2 }] },
    ]);
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ onHand: 1, reserved: 0 });
    expect(await violationsFor(item)).toEqual([]);
  });

  it('releases a short-picked line at the store and, with nowhere else to go, keeps nothing reserved for it', async () => {
    const item = sku('SHORT');
    await stock(inventory, fulfilment, item, SITES.soho.id, 3);
    const orderId = `o-short-${uniqueSuffix()}`;
    await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 2, delivery: ship }]));
    const task = await taskFor(fulfilment, orderId, SITES.soho.id, 'to_pick');

    expect(
      (await act(task, 'pick', { lines: [{ orderLineId: task.lines[0].orderLineId, pickedQty: 0 }] })).body.status,
    ).toBe('rejected');
    await reader.waitFor(
      (r) => r.events<LinesUnfulfillableV1>(LinesUnfulfillable.type).some((e) => e.data.orderId === orderId),
      30000,
      'lines-unfulfillable',
    );
    await eventually(
      async () => (await levelAt(inventory, item, SITES.soho.id))?.onHand === 1,
      20000,
      'inventory to correct the shelf',
    );
    await eventually(
      async () =>
        (await inventory.sql(`SELECT 1 FROM cancelled_order_lines WHERE order_id = $1`, [orderId])).length === 1,
      20000,
      'inventory to hear the give-up',
    );
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ onHand: 1, reserved: 0 });
    // Released by the short pick itself, and only once: the give-up that followed found nothing left to release.
    expect(await releasesOf(orderId)).toEqual([
      { reason: 'short-picked', lines: [{ orderLineId: `${orderId}-l1`, locationId: SITES.soho.id, qty: 2 }] },
    ]);
    expect(await violationsFor(item)).toEqual([]);
  });

  it('releases a fulfilment order a store gives back and reserves the line where it is sourced next', async () => {
    const item = sku('REJECT');
    await stock(inventory, fulfilment, item, SITES.soho.id, 2);
    await stock(inventory, fulfilment, item, SITES.camden.id, 2);
    const orderId = `o-reject-${uniqueSuffix()}`;
    await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 2, delivery: ship }]));
    const soho = await taskFor(fulfilment, orderId, SITES.soho.id, 'to_pick');

    expect((await act(soho, 'reject', { reason: 'damaged' })).body.status).toBe('rejected');
    await taskFor(fulfilment, orderId, SITES.camden.id, 'to_pick');
    await eventually(
      async () => (await levelAt(inventory, item, SITES.camden.id))?.reserved === 2,
      20000,
      'the line to be allocated at Camden',
    );
    expect(await levelAt(inventory, item, SITES.soho.id)).toMatchObject({ reserved: 0, damaged: 2 });
    expect(await releasesOf(orderId)).toEqual([
      {
        reason: 'fulfilment-order-rejected:damaged',
        lines: [{ orderLineId: `${orderId}-l1`, locationId: SITES.soho.id, qty: 2 }],
      },
    ]);
    expect(await violationsFor(item)).toEqual([]);
  });

  it('leaves every sku x location reserving exactly its live promises', async () => {
    expect(await reservationViolations(inventory.schema, { fulfilmentSchema: fulfilment.schema })).toEqual([]);
  });
});
