import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  AllocationRequested,
  FulfilmentOrderRejected,
  ItemRestocked,
  LinesUnfulfillable,
  OrderCancelled,
  PickupHandedOver,
  ShipmentDispatched,
  ShortPicked,
  type AllocatedV1,
  type AllocationConsumedV1,
  type AllocationRejectedV1,
  type AllocationReleasedV1,
  type AllocationRequestedV1,
} from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  fixtureEnvelope,
  EventFixtures,
  EventReader,
  reservationViolations,
  startTestService,
  uniqueSuffix,
  waitForGroup,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
import { inventoryService } from '../src/inventory.service-definition';
import { location, receive } from './support';

// Inventory's part of the order journey, driven by real events on real topics: fulfilment asks to
// allocate, ships or hands over; orders cancel; returns restock. Each step reads as a script.
describe('inventory over Kafka: allocation, consumption, cancellation, returns', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let svc: RunningService;
  let reader: EventReader;
  let publisher: EventFixtures;
  let admin: ApiClient;

  const level = async (sku: string, locationId: string) =>
    (
      await svc.sql<{ on_hand: number; reserved: number; damaged: number }>(
        `SELECT on_hand, reserved, damaged FROM stock_levels WHERE sku = $1 AND location_id = $2`,
        [sku, locationId],
      )
    )[0];

  const answerTo = async (orderId: string, requestId: string, count = 1) => {
    const answers = () =>
      [
        ...reader.events<AllocatedV1>('inventory.allocated'),
        ...reader.events<AllocationRejectedV1>('inventory.allocation-rejected'),
      ].filter((e) => e.data.orderId === orderId && e.data.requestId === requestId);
    await reader.waitFor(() => answers().length >= count, 30000, `the answer to ${orderId}/${requestId}`);
    return answers();
  };

  beforeAll(async () => {
    svc = await startTestService(inventoryService, { topicPrefix: prefix });
    reader = await EventReader.open(prefix, ['inventory', 'dlq']);
    publisher = new EventFixtures(prefix);
    admin = apiClient(svc, ADMIN);
    await admin.put('/v1/locations/dc-a', location('dc', [], 50.0, 3.0));
    await admin.put(
      '/v1/locations/st-a',
      location('store', ['sells_in_store', 'bopis', 'accepts_returns'], 48.85, 2.35),
    );
    await admin.put('/v1/locations/st-new', location('store', ['sells_in_store', 'accepts_returns'], 48.9, 2.3));
    await receive(admin, 'al-1', 'dc-a', 10);
    await receive(admin, 'al-2', 'st-a', 3);
  });

  afterAll(async () => {
    await publisher?.close();
    await reader?.close();
    await svc?.stop();
  });

  it('allocates every line of a request at once and answers inventory.allocated', async () => {
    await publisher.publish(AllocationRequested, 'o-1', {
      orderId: 'o-1',
      requestId: 'r-1',
      lines: [
        { orderLineId: 'o-1-l1', sku: 'al-1', qty: 4, locationId: 'dc-a' },
        { orderLineId: 'o-1-l2', sku: 'al-2', qty: 2, locationId: 'st-a' },
      ],
    });
    const [answer] = await answerTo('o-1', 'r-1');
    expect(answer.type).toBe('inventory.allocated');
    expect((answer.data as AllocatedV1).lines).toHaveLength(2);
    expect(await level('al-1', 'dc-a')).toMatchObject({ on_hand: 10, reserved: 4 });
    expect(await level('al-2', 'st-a')).toMatchObject({ on_hand: 3, reserved: 2 });
  });

  it('rejects a request it cannot serve whole, with each line shortfall, and takes nothing', async () => {
    await publisher.publish(AllocationRequested, 'o-2', {
      orderId: 'o-2',
      requestId: 'r-1',
      lines: [
        { orderLineId: 'o-2-l1', sku: 'al-1', qty: 1, locationId: 'dc-a' },
        { orderLineId: 'o-2-l2', sku: 'al-2', qty: 5, locationId: 'st-a' },
      ],
    });
    const [answer] = await answerTo('o-2', 'r-1');
    expect(answer.type).toBe('inventory.allocation-rejected');
    expect(answer.data).toMatchObject({
      reason: 'insufficient-stock',
      lines: [
        { orderLineId: 'o-2-l1', requested: 1, shortfall: 0 },
        { orderLineId: 'o-2-l2', requested: 5, available: 1, shortfall: 4 },
      ],
    });
    expect((await level('al-1', 'dc-a')).reserved).toBe(4);
    expect((await level('al-2', 'st-a')).reserved).toBe(2);
  });

  it('answers a re-sent request again without taking stock twice, and ignores a redelivered event', async () => {
    const request = {
      orderId: 'o-1',
      requestId: 'r-1',
      lines: [{ orderLineId: 'o-1-l1', sku: 'al-1', qty: 4, locationId: 'dc-a' }],
    };
    const resent = await publisher.publish(AllocationRequested, 'o-1', request);
    await publisher.resend([resent]);
    const answers = await answerTo('o-1', 'r-1', 2);
    expect(answers.map((a) => a.type)).toEqual(['inventory.allocated', 'inventory.allocated']);
    await eventually(async () => (await svc.sql(`SELECT 1 FROM inbox WHERE event_id = $1`, [resent.id])).length === 1);
    expect((await level('al-1', 'dc-a')).reserved).toBe(4);
  });

  it('converts a cart hold into the allocation and releases what the order did not need', async () => {
    const web = apiClient(svc, WEB);
    await admin.put('/v1/channels/web/rules', { sources: [{ type: 'dc' }], safetyBuffer: 0 });
    const hold = await web.post('/v1/holds', { channel: 'web', lines: [{ sku: 'al-1', qty: 3, locationId: 'dc-a' }] });
    expect(hold.status).toBe(201);
    expect((await level('al-1', 'dc-a')).reserved).toBe(7);
    await publisher.publish(AllocationRequested, 'o-3', {
      orderId: 'o-3',
      requestId: 'r-1',
      holdId: hold.body.id,
      lines: [{ orderLineId: 'o-3-l1', sku: 'al-1', qty: 2, locationId: 'dc-a' }],
    });
    const [answer] = await answerTo('o-3', 'r-1');
    expect(answer.data).toMatchObject({ holdId: hold.body.id, lines: [{ orderLineId: 'o-3-l1', qty: 2 }] });
    expect((await level('al-1', 'dc-a')).reserved).toBe(4 + 2);
    expect((await web.get(`/v1/holds/${hold.body.id}`)).body.status).toBe('converted');
  });

  it('converts a hold that covers its order exactly without waiting for the level row (a flash sale queues its holds there)', async () => {
    const web = apiClient(svc, WEB);
    await receive(admin, 'al-hot', 'dc-a', 5);
    const hold = await web.post('/v1/holds', {
      channel: 'web',
      lines: [{ sku: 'al-hot', qty: 1, locationId: 'dc-a' }],
    });
    expect(hold.status).toBe(201);
    const before = await level('al-hot', 'dc-a');
    // Another transaction holds the level's row, as a batch of new holds does under load.
    const locker = new Client({ connectionString: svc.config.DATABASE_URL, options: `-c search_path=${svc.schema}` });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM stock_levels WHERE sku = 'al-hot' AND location_id = 'dc-a' FOR UPDATE`);
      await publisher.publish(AllocationRequested, 'o-3b', {
        orderId: 'o-3b',
        requestId: 'r-1',
        holdId: hold.body.id,
        lines: [{ orderLineId: 'o-3b-l1', sku: 'al-hot', qty: 1, locationId: 'dc-a' }],
      });
      const [answer] = await answerTo('o-3b', 'r-1');
      expect(answer.type).toBe('inventory.allocated');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(await level('al-hot', 'dc-a')).toEqual(before);
    expect((await web.get(`/v1/holds/${hold.body.id}`)).body.status).toBe('converted');
    expect(await svc.sql(`SELECT reserved, hold_id::text FROM allocations WHERE order_id = 'o-3b'`)).toEqual([
      { reserved: 1, hold_id: hold.body.id },
    ]);
    expect(await reservationViolations(svc.schema)).toEqual([]);
  });

  it('consumes the allocation when the pickup is handed over: on hand and reserved fall together, once', async () => {
    const handover = {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-1',
      locationId: 'st-a',
      lines: [{ orderLineId: 'o-1-l2', sku: 'al-2', qty: 2 }],
    };
    await publisher.publish(PickupHandedOver, 'o-1', handover);
    await publisher.publish(PickupHandedOver, 'o-1', handover); // a re-sent event with a new id
    await reader.waitFor((r) =>
      r.events<AllocationConsumedV1>('inventory.allocation-consumed').some((e) => e.data.fulfilmentOrderId === 'fo-1'),
    );
    await eventually(
      async () => (await svc.sql(`SELECT 1 FROM inbox WHERE event_type = $1`, [PickupHandedOver.type])).length === 2,
    );
    expect(await level('al-2', 'st-a')).toMatchObject({ on_hand: 1, reserved: 0 });
    const movements = await svc.sql<{ type: string; on_hand_delta: number; reference: string }>(
      `SELECT type, on_hand_delta, reference FROM stock_movements WHERE sku = 'al-2' AND type = 'fulfilment'`,
    );
    expect(movements).toEqual([{ type: 'fulfilment', on_hand_delta: -2, reference: 'fo-1' }]);
  });

  it('consumes a shipped allocation', async () => {
    await publisher.publish(ShipmentDispatched, 'o-1', {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-2',
      locationId: 'dc-a',
      lines: [{ orderLineId: 'o-1-l1', sku: 'al-1', qty: 4 }],
    });
    await eventually(async () => (await level('al-1', 'dc-a')).on_hand === 6, 30000, 'the shipment to be consumed');
    expect((await level('al-1', 'dc-a')).reserved).toBe(2);
    const [row] = await svc.sql(`SELECT status, reserved, consumed FROM allocations WHERE order_line_id = 'o-1-l1'`);
    expect(row).toEqual({ status: 'consumed', reserved: 0, consumed: 4 });
  });

  it('releases an order allocations at cancellation and refuses to allocate it afterwards', async () => {
    await publisher.publish(OrderCancelled, 'o-3', { orderId: 'o-3' });
    await reader.waitFor((r) =>
      r.events<AllocationReleasedV1>('inventory.allocation-released').some((e) => e.data.orderId === 'o-3'),
    );
    expect((await level('al-1', 'dc-a')).reserved).toBe(0);
    await publisher.publish(AllocationRequested, 'o-3', {
      orderId: 'o-3',
      requestId: 'r-late',
      lines: [{ orderLineId: 'o-3-l1', sku: 'al-1', qty: 1, locationId: 'dc-a' }],
    });
    const [late] = await answerTo('o-3', 'r-late');
    expect(late.data).toMatchObject({ reason: 'order-cancelled' });
    expect((await level('al-1', 'dc-a')).reserved).toBe(0);
  });

  it('corrects the shelf and releases the line when a picker reports units missing or damaged', async () => {
    await receive(admin, 'pk', 'st-a', 5);
    await publisher.publish(AllocationRequested, 'o-4', {
      orderId: 'o-4',
      requestId: 'r-1',
      lines: [
        { orderLineId: 'o-4-l1', sku: 'pk', qty: 3, locationId: 'st-a' },
        { orderLineId: 'o-4-l2', sku: 'pk', qty: 1, locationId: 'st-a' },
      ],
    });
    await answerTo('o-4', 'r-1');
    expect(await level('pk', 'st-a')).toMatchObject({ on_hand: 5, reserved: 4 });
    await publisher.publish(ShortPicked, 'o-4', {
      orderId: 'o-4',
      fulfilmentOrderId: 'fo-4',
      locationId: 'st-a',
      lines: [{ orderLineId: 'o-4-l1', sku: 'pk', qty: 3, pickedQty: 1, shortQty: 2 }],
    });
    await eventually(async () => (await level('pk', 'st-a')).reserved === 1, 30000, 'the short pick to be applied');
    expect(await level('pk', 'st-a')).toMatchObject({ on_hand: 3, reserved: 1, damaged: 0 });
    await publisher.publish(FulfilmentOrderRejected, 'o-4', {
      orderId: 'o-4',
      fulfilmentOrderId: 'fo-4',
      locationId: 'st-a',
      reason: 'damaged',
      lines: [{ orderLineId: 'o-4-l2', sku: 'pk', qty: 1 }],
    });
    await eventually(async () => (await level('pk', 'st-a')).reserved === 0, 30000, 'the rejection to be applied');
    expect(await level('pk', 'st-a')).toMatchObject({ on_hand: 3, damaged: 1 });
    const released = reader
      .events<AllocationReleasedV1>('inventory.allocation-released')
      .filter((e) => e.data.orderId === 'o-4');
    expect(released.map((e) => e.data.lines.map((l) => l.orderLineId))).toEqual([['o-4-l1'], ['o-4-l2']]);
  });

  it('releases a line fulfilment gave up on (lines-unfulfillable) once, and refuses to allocate it afterwards', async () => {
    await receive(admin, 'uf', 'st-a', 4);
    await publisher.publish(AllocationRequested, 'o-5', {
      orderId: 'o-5',
      requestId: 'r-1',
      lines: [{ orderLineId: 'o-5-l1', sku: 'uf', qty: 3, locationId: 'st-a' }],
    });
    await answerTo('o-5', 'r-1');
    expect(await level('uf', 'st-a')).toMatchObject({ on_hand: 4, reserved: 3 });
    // A POS sale takes the shelf below what is promised; fulfilment finds nowhere else and gives the line up.
    const gaveUp = { orderId: 'o-5', lines: [{ orderLineId: 'o-5-l1', reason: 'no eligible location has 3 x uf' }] };
    const first = await publisher.publish(LinesUnfulfillable, 'o-5', gaveUp);
    await publisher.publish(LinesUnfulfillable, 'o-5', gaveUp); // re-published with a new id
    await publisher.resend([first]); // redelivered
    await eventually(
      async () => (await svc.sql(`SELECT 1 FROM inbox WHERE event_type = $1`, [LinesUnfulfillable.type])).length === 2,
      30000,
      'both give-ups handled',
    );
    expect(await level('uf', 'st-a')).toMatchObject({ on_hand: 4, reserved: 0 });
    const released = reader
      .events<AllocationReleasedV1>('inventory.allocation-released')
      .filter((e) => e.data.orderId === 'o-5');
    expect(released.map((e) => e.data)).toEqual([
      {
        orderId: 'o-5',
        reason: 'unfulfillable',
        lines: [{ orderLineId: 'o-5-l1', sku: 'uf', locationId: 'st-a', qty: 3 }],
      },
    ]);
    await publisher.publish(AllocationRequested, 'o-5', {
      orderId: 'o-5',
      requestId: 'r-late',
      lines: [{ orderLineId: 'o-5-l1', sku: 'uf', qty: 1, locationId: 'st-a' }],
    });
    const [late] = await answerTo('o-5', 'r-late');
    expect(late.type).toBe('inventory.allocation-rejected');
    expect((await level('uf', 'st-a')).reserved).toBe(0);
  });

  it('allocates the lines of a partly cancelled order that are still wanted, and none that are cancelled', async () => {
    await receive(admin, 'pc', 'st-a', 5);
    await publisher.publish(OrderCancelled, 'o-6', { orderId: 'o-6', lineIds: ['o-6-l1'], reason: 'changed mind' });
    await eventually(
      async () => (await svc.sql(`SELECT 1 FROM cancelled_order_lines WHERE order_id = 'o-6'`)).length === 1,
      30000,
      'the cancel to be recorded',
    );
    await publisher.publish(AllocationRequested, 'o-6', {
      orderId: 'o-6',
      requestId: 'r-1',
      lines: [
        { orderLineId: 'o-6-l1', sku: 'pc', qty: 2, locationId: 'st-a' },
        { orderLineId: 'o-6-l2', sku: 'pc', qty: 1, locationId: 'st-a' },
      ],
    });
    const [answer] = await answerTo('o-6', 'r-1');
    expect(answer.type).toBe('inventory.allocated');
    expect((answer.data as AllocatedV1).lines).toEqual([
      { orderLineId: 'o-6-l2', sku: 'pc', locationId: 'st-a', qty: 1 },
    ]);
    expect((await level('pc', 'st-a')).reserved).toBe(1);
  });

  it('never leaves a cancelled order allocated, whichever of the cancel and the allocation request lands first', async () => {
    const skus = ['race-1', 'race-2', 'race-3'];
    for (const s of skus) await receive(admin, s, 'dc-a', 600);
    const orders = Array.from({ length: 60 }, (_, i) => {
      const orderId = `o-race-${i}`;
      const lines = Array.from({ length: 1 + (i % 3) }, (_, n) => ({
        orderLineId: `${orderId}-l${n + 1}`,
        sku: skus[(i + n) % 3],
        qty: 1 + ((i * 7 + n) % 4),
        locationId: 'dc-a',
      }));
      // Every third order cancels one line only; the others cancel whole.
      const cancel =
        i % 3 === 2 ? { orderId, lineIds: [lines[0].orderLineId], reason: 'race' } : { orderId, reason: 'race' };
      // The cancel is sent from 6 ms before to 6 ms after the request; 0 sends both in one produce call.
      return {
        orderId,
        request: { orderId, requestId: `r-${i}`, lines } as AllocationRequestedV1,
        cancel,
        offsetMs: (((i * 5) % 9) - 4) * 1.5,
      };
    });
    const sent = orders.map((o) => ({
      ...o,
      requested: fixtureEnvelope(AllocationRequested, o.orderId, o.request),
      cancelled: fixtureEnvelope(OrderCancelled, o.orderId, o.cancel),
    }));
    // Not a wait for anything: the gap between a request and its cancel, so each pair races at its own offset.
    const spreadBy = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all(
      sent.map(async (o) => {
        if (o.offsetMs === 0) return publisher.resend([o.requested, o.cancelled]);
        const [first, second] = o.offsetMs > 0 ? [o.requested, o.cancelled] : [o.cancelled, o.requested];
        await publisher.resend([first]);
        await spreadBy(Math.abs(o.offsetMs));
        await publisher.resend([second]);
      }),
    );
    const ids = sent.flatMap((o) => [o.requested.id, o.cancelled.id]);
    await eventually(
      async () =>
        (
          await svc.sql<{ n: number }>(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [ids])
        )[0].n === ids.length,
      60000,
      'every request and cancel handled',
    );
    await reader.waitFor(
      (r) =>
        sent.every((o) =>
          r
            .events<AllocatedV1>()
            .some(
              (e) =>
                e.data.orderId === o.orderId && (e.data as { requestId?: string }).requestId === o.request.requestId,
            ),
        ),
      30000,
      'every answer',
    );

    expect(await reservationViolations(svc.schema)).toEqual([]);
    const reservedForCancelled = await svc.sql(
      `SELECT a.order_id, a.order_line_id, a.reserved FROM allocations a JOIN cancelled_order_lines c
         ON c.order_id = a.order_id AND c.order_line_id IN (a.order_line_id, '*')
       WHERE a.order_id LIKE 'o-race-%' AND a.reserved > 0`,
    );
    expect(reservedForCancelled).toEqual([]);
    // What stays reserved is exactly the lines nobody cancelled.
    const open = sent.filter((o) => 'lineIds' in o.cancel).flatMap((o) => o.request.lines.slice(1));
    const byLine = (a: { order_line_id: string }, b: { order_line_id: string }) =>
      a.order_line_id < b.order_line_id ? -1 : 1;
    const stillReserved = await svc.sql<{ order_line_id: string; reserved: number }>(
      `SELECT order_line_id, reserved FROM allocations WHERE order_id LIKE 'o-race-%' AND reserved > 0`,
    );
    expect(stillReserved.sort(byLine)).toEqual(
      open.map((l) => ({ order_line_id: l.orderLineId, reserved: l.qty })).sort(byLine),
    );
  });

  it('restocks a return at a store that never stocked the SKU and makes it sellable there; damaged units are not', async () => {
    await publisher.publish(ItemRestocked, 'ret-1', {
      returnId: 'ret-1',
      sku: 'ret-sku',
      locationId: 'st-new',
      qty: 2,
      disposition: 'restock',
    });
    await publisher.publish(ItemRestocked, 'ret-2', {
      returnId: 'ret-2',
      sku: 'ret-sku',
      locationId: 'st-new',
      qty: 1,
      disposition: 'damaged',
    });
    await eventually(async () => (await level('ret-sku', 'st-new'))?.on_hand === 3, 30000, 'both returns restocked');
    expect(await level('ret-sku', 'st-new')).toMatchObject({ on_hand: 3, damaged: 1, reserved: 0 });
    const pos = apiClient(svc, { sub: 'pos-new', role: 'store', locations: ['st-new'] });
    const figures = await pos.get('/v1/availability/ret-sku');
    expect(figures.body.locations).toEqual([expect.objectContaining({ locationId: 'st-new', available: 2 })]);
  });

  it('dead-letters nothing along the way, and leaves levels equal to the ledger and the live promises', async () => {
    // Everything on the log handled (or dead-lettered) by inventory, and the dead-letter topic read to its end.
    await waitForGroup(svc.config.KAFKA_GROUP_ID as string);
    await reader.caughtUp();
    expect(reader.records.filter((r) => r.topic.endsWith('omni.dlq.v1'))).toEqual([]);
    const { stdout } = await promisify(execFile)(
      'node',
      [path.join(__dirname, '../../../tools/inventory-rebuild.js'), '--schema', svc.schema],
      {
        env: { ...process.env, DATABASE_URL: svc.config.DATABASE_URL },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ drift: 0, ok: true });
    expect(await reservationViolations(svc.schema)).toEqual([]);
  });
});
