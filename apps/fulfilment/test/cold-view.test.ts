// No permanent decision from a cold or stale view: fulfilment rebuilds its picture of inventory from
// inventory's compacted changelogs before it sources, a pickup store it has not heard of makes a line
// wait (not fail), and "unfulfillable" is only ever said after inventory itself refused. The REAL
// inventory runs beside fulfilment; orders.order-placed is a fixture.
import {
  AllocationRejected,
  AllocationRequested,
  allChangelogTopics,
  LinesUnfulfillable,
  OrderPlaced,
  topicOf,
  type AllocationRejectedV1,
  type AllocationRequestedV1,
  type LinesUnfulfillableV1,
} from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  EventFixtures,
  EventReader,
  startTestService,
  testBrokers,
  uniqueSuffix,
  type RunningService,
} from '@omni/testing';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
// Tests may cross apps, production code may not.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { inventoryService } from '../../inventory/src/inventory.service-definition';
import { fulfilmentService } from '../src/fulfilment.service-definition';
import { levelAt, orderPlaced, seedSites, SITES, SOHO_CUSTOMER, startBoth, taskFor, type Site } from './support';

const ship = { type: 'ship' as const, address: SOHO_CUSTOMER };
const sku = (name: string) => `${name}-${uniqueSuffix()}`;
const admin = () => {
  const kafka = new Kafka({
    clientId: `cold-view-${uniqueSuffix()}`,
    brokers: testBrokers(),
    logLevel: logLevel.NOTHING,
  });
  return kafka.admin();
};

interface History {
  lines: Array<{ status: string; reason: string | null }>;
  decisions: Array<{
    trigger: string;
    assignments: Array<{ locationId: string }>;
    unfulfillable: Array<{ reason: string }>;
  }>;
}
const historyOf = async (fulfilment: RunningService, orderId: string) =>
  (await apiClient(fulfilment, ADMIN).get<History>(`/v1/orders/${orderId}/sourcing`)).body;
const unfulfillableFor = (reader: EventReader, orderId: string) =>
  reader.events<LinesUnfulfillableV1>(LinesUnfulfillable.type).filter((e) => e.data.orderId === orderId);

describe('no permanent decision from a cold or stale view', () => {
  it('sources an order placed while fulfilment was down to the DC with stock, rebuilt from the compacted changelog alone on a fresh schema and a new consumer group', async () => {
    const prefix = `t${uniqueSuffix()}.`;
    const inventory = await startTestService(inventoryService, { topicPrefix: prefix });
    const fixtures = new EventFixtures(prefix);
    const kafka = admin();
    let fulfilment: RunningService | undefined;
    let reader: EventReader | undefined;
    try {
      const item = sku('COLD');
      await seedSites(inventory, null, [SITES.dc, SITES.soho]);
      expect(
        (
          await apiClient(inventory, ADMIN).post('/v1/stock/movements', {
            sku: item,
            locationId: SITES.dc.id,
            type: 'receipt',
            quantity: 5,
          })
        ).status,
      ).toBe(201);
      await eventually(
        async () =>
          (await inventory.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`))[0].n ===
          0,
        30000,
        'inventory to publish everything',
      );

      // Retention has passed over inventory's event history: only the changelogs still say what there is.
      await kafka.connect();
      const history = topicOf('inventory', prefix);
      const ends = await kafka.fetchTopicOffsets(history);
      await kafka.deleteTopicRecords({
        topic: history,
        partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
      });
      expect((await kafka.fetchTopicOffsets(history)).every((p) => p.low === p.high)).toBe(true);
      const described = await kafka.describeConfigs({
        includeSynonyms: false,
        resources: allChangelogTopics(prefix).map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['cleanup.policy'],
        })),
      });
      expect(
        described.resources.map((r) => r.configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue),
      ).toEqual(['compact', 'compact', 'compact']);

      // The order was placed while fulfilment was down; it comes up on a fresh schema under a consumer group never seen before.
      const orderId = `o-cold-${uniqueSuffix()}`;
      await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 2, delivery: ship }]));
      fulfilment = await startTestService(fulfilmentService, { topicPrefix: prefix });
      reader = await EventReader.open(prefix, ['fulfilment']);

      const task = await taskFor(fulfilment, orderId, SITES.dc.id, 'to_pick');
      expect(task.lines).toEqual([expect.objectContaining({ sku: item, qty: 2 })]);
      expect(await levelAt(inventory, item, SITES.dc.id)).toMatchObject({ onHand: 5, reserved: 2 });
      const sourced = await historyOf(fulfilment, orderId);
      expect(sourced.lines).toEqual([expect.objectContaining({ status: 'allocated' })]);
      expect(sourced.decisions.map((d) => [d.trigger, d.assignments.map((a) => a.locationId)])).toEqual([
        ['order-placed', [SITES.dc.id]],
      ]);
      expect(unfulfillableFor(reader, orderId)).toEqual([]);
    } finally {
      await kafka.disconnect();
      await fixtures.close();
      await reader?.close();
      await Promise.all([fulfilment?.stop(), inventory.stop()]);
    }
  });

  it('keeps a pickup for a store fulfilment has not heard of waiting, never unfulfillable, and sources it once the location arrives', async () => {
    const prefix = `t${uniqueSuffix()}.`;
    const [inventory, first] = await startBoth(prefix);
    let fulfilment = first;
    // The schema outlives the restart: read it (and drop it at the end) through the first start's handle.
    const sql = first.sql;
    const fixtures = new EventFixtures(prefix);
    const reader = await EventReader.open(prefix, ['fulfilment']);
    try {
      await seedSites(inventory, fulfilment, [SITES.dc]);
      const opening: Site = { ...SITES.soho, id: `st-new-${uniqueSuffix()}` };
      const item = sku('NEW');
      const orderId = `o-new-${uniqueSuffix()}`;
      await fixtures.publish(
        OrderPlaced,
        orderId,
        orderPlaced(orderId, [{ sku: item, qty: 1, delivery: { type: 'pickup', locationId: opening.id } }]),
      );
      const settled = await eventually(
        async () => {
          const [line] = await sql<{ status: string }>(`SELECT * FROM order_lines WHERE order_id = $1`, [orderId]);
          return line && line.status !== 'sourcing' ? line : undefined;
        },
        30000,
        'fulfilment to handle the order',
      );
      expect(settled).toMatchObject({
        status: 'waiting',
        waiting_for: opening.id,
        reason: expect.stringMatching(new RegExp(`pickup store ${opening.id} is not known to fulfilment yet`)),
      });

      // The store opens at inventory, with stock, while fulfilment restarts (same schema, same consumer group).
      const { schema } = fulfilment;
      const group = fulfilment.config.KAFKA_GROUP_ID as string;
      await fulfilment.stop({ dropSchema: false });
      await seedSites(inventory, null, [opening]);
      expect(
        (
          await apiClient(inventory, ADMIN).post('/v1/stock/movements', {
            sku: item,
            locationId: opening.id,
            type: 'receipt',
            quantity: 3,
          })
        ).status,
      ).toBe(201);
      fulfilment = await startTestService(fulfilmentService, {
        topicPrefix: prefix,
        env: { DATABASE_SCHEMA: schema, KAFKA_GROUP_ID: group },
      });

      await taskFor(fulfilment, orderId, opening.id, 'to_pick');
      expect(await levelAt(inventory, item, opening.id)).toMatchObject({ onHand: 3, reserved: 1 });
      expect((await historyOf(fulfilment, orderId)).lines).toEqual([expect.objectContaining({ status: 'allocated' })]);

      // A store that opens while fulfilment runs: the waiting line goes to inventory the moment its location arrives.
      const later: Site = { ...SITES.camden, id: `st-later-${uniqueSuffix()}` };
      const laterOrder = `o-later-${uniqueSuffix()}`;
      await fixtures.publish(
        OrderPlaced,
        laterOrder,
        orderPlaced(laterOrder, [{ sku: item, qty: 1, delivery: { type: 'pickup', locationId: later.id } }]),
      );
      await eventually(
        async () =>
          (await sql(`SELECT 1 FROM order_lines WHERE order_id = $1 AND status = 'waiting'`, [laterOrder])).length ===
          1,
        30000,
        'the later line to wait',
      );
      await seedSites(inventory, null, [later]);
      const asked = (r: EventReader) =>
        r.events<AllocationRequestedV1>(AllocationRequested.type).find((e) => e.data.orderId === laterOrder);
      await reader.waitFor((r) => asked(r) !== undefined, 30000, 'the allocation request for the later store');
      expect(asked(reader)?.data.lines).toEqual([expect.objectContaining({ locationId: later.id, sku: item, qty: 1 })]);
      expect(unfulfillableFor(reader, orderId)).toEqual([]);
    } finally {
      await fixtures.close();
      await reader.close();
      await Promise.all([fulfilment.stop({ dropSchema: false }), inventory.stop()]);
      await sql(`DROP SCHEMA IF EXISTS "${first.schema}" CASCADE`);
    }
  });

  it('still ends a genuinely out-of-stock order unfulfillable, and only after inventory refused it', async () => {
    const prefix = `t${uniqueSuffix()}.`;
    const [inventory, fulfilment] = await startBoth(prefix);
    const fixtures = new EventFixtures(prefix);
    const reader = await EventReader.open(prefix, ['fulfilment', 'inventory']);
    try {
      await seedSites(inventory, fulfilment, [SITES.dc, SITES.soho, SITES.camden]);
      const item = sku('NONE');
      const orderId = `o-none-${uniqueSuffix()}`;
      await fixtures.publish(OrderPlaced, orderId, orderPlaced(orderId, [{ sku: item, qty: 1, delivery: ship }]));

      await reader.waitFor((r) => unfulfillableFor(r, orderId).length > 0, 60000, 'lines-unfulfillable');
      const [given] = unfulfillableFor(reader, orderId);
      const rejections = reader
        .events<AllocationRejectedV1>(AllocationRejected.type)
        .filter((e) => e.data.orderId === orderId);
      expect(rejections.length).toBeGreaterThan(0);
      expect(rejections.every((e) => e.data.reason === 'insufficient-stock' && e.data.lines[0].available === 0)).toBe(
        true,
      );
      expect(rejections.every((e) => e.occurredAt <= given.occurredAt)).toBe(true);

      const sourced = await historyOf(fulfilment, orderId);
      expect(sourced.lines).toEqual([expect.objectContaining({ status: 'unfulfillable' })]);
      // Every round before the last asked inventory; the give-up came in answer to inventory's refusal.
      expect(
        sourced.decisions.slice(0, -1).every((d) => d.assignments.length === 1 && d.unfulfillable.length === 0),
      ).toBe(true);
      expect(sourced.decisions.at(-1)).toMatchObject({
        trigger: 'allocation-rejected',
        assignments: [],
        unfulfillable: [expect.anything()],
      });
      const requests = await fulfilment.sql<{ status: string }>(
        `SELECT status FROM allocation_requests WHERE order_id = $1`,
        [orderId],
      );
      expect(requests.map((r) => r.status)).toEqual(rejections.map(() => 'rejected'));
    } finally {
      await fixtures.close();
      await reader.close();
      await Promise.all([fulfilment.stop(), inventory.stop()]);
    }
  });
});
