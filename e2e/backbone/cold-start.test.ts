// The first start on a machine: a broker whose storage was formatted a second ago, on which no
// consumer group has ever existed (its __consumer_offsets topic is created by the first group's
// request, and until then every group request fails with "group coordinator not found"). Every
// service is started at once on it; each must come up ready by itself, and an order placed in
// the first seconds must be sourced and allocated.
import { Kafka, logLevel } from 'kafkajs';
import {
  ADMIN,
  apiClient,
  eventually,
  startPrivateBroker,
  startServices,
  storeBody,
  storeStaff,
  uniqueSuffix,
  WEB,
  type PrivateBroker,
  type RunningService,
} from '@omni/testing';
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';
import { returnsService } from '../../apps/returns/src/returns.service-definition';

describe('cold start on a brand-new broker', () => {
  const run = uniqueSuffix();
  const STORE = `cold-${run}`;
  const SKU = `COLD-${run}`;
  let broker: PrivateBroker;
  let services: RunningService[] = [];

  beforeAll(async () => {
    broker = await startPrivateBroker();
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker?.remove();
  });

  it('brings every consumer group up by itself, and sources and allocates an order placed in the first seconds', async () => {
    // startServices waits for each service's /health/ready: every consumer joined and caught up.
    services = await startServices(
      `t${run}.`,
      [inventoryService, ordersService, fulfilmentService, returnsService].map((definition) => ({
        definition,
        env: { KAFKA_BROKERS: broker.address },
      })),
    );
    const [inventory, orders, fulfilment] = services;

    const kafka = new Kafka({ clientId: `cold-${run}`, brokers: [broker.address], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups: listed } = await admin.listGroups();
      const live = listed
        .map((g) => g.groupId)
        .filter((id) => id.startsWith(`${inventory.config.KAFKA_GROUP_ID}-live-`));
      const groupIds = [...services.map((s) => s.config.KAFKA_GROUP_ID as string), ...live];
      expect(live).toHaveLength(1);
      const { groups } = await admin.describeGroups(groupIds);
      expect(groups.map((g) => [g.groupId, g.state, g.members.length > 0])).toEqual(
        groupIds.map((id) => [id, 'Stable', true]),
      );
    } finally {
      await admin.disconnect();
    }

    const stockAdmin = apiClient(inventory, ADMIN);
    const store = storeBody('Cold store', { city: 'Lyon', postalCode: '69001', lat: 45.764, lng: 4.8357 });
    expect((await stockAdmin.put(`/v1/locations/${STORE}`, store)).status).toBeLessThan(300);
    expect(
      (
        await stockAdmin.post('/v1/stock/movements', {
          sku: SKU,
          locationId: STORE,
          type: 'receipt',
          quantity: 3,
          reason: 'delivery',
        })
      ).status,
    ).toBe(201);

    const order = {
      channel: 'web',
      customer: { id: `cust-${run}`, email: 'cold@example.com' },
      lines: [{ sku: SKU, qty: 1, unitPrice: 1000, currency: 'EUR', delivery: { type: 'pickup', locationId: STORE } }],
    };
    const placed = await eventually(
      async () => {
        const res = await apiClient(orders, WEB).post('/v1/orders', order, { 'idempotency-key': `cold-${run}` });
        return res.status === 201 ? res : undefined;
      },
      30_000,
      'orders to accept the order',
    );
    const orderId: string = placed.body.id;

    // The line passes `allocated` within milliseconds (fulfilment opens its order at once): the
    // timeline, not the current status, says it was allocated.
    await eventually(
      async () => {
        const res = await apiClient(orders, WEB).get(`/v1/orders/${orderId}`);
        return res.body.timeline.some((t: { step: string }) => t.step === 'allocated') ? res.body : undefined;
      },
      30_000,
      'the order to be sourced and allocated',
    );
    const [level] = await inventory.sql<{ reserved: number }>(
      `SELECT reserved FROM stock_levels WHERE sku = $1 AND location_id = $2`,
      [SKU, STORE],
    );
    expect(level.reserved).toBe(1);
    await eventually(
      async () => {
        const tasks = await apiClient(fulfilment, storeStaff(STORE)).get(`/v1/locations/${STORE}/tasks?status=to_pick`);
        return tasks.body.items.some((t: { orderId: string }) => t.orderId === orderId) || undefined;
      },
      30_000,
      "the pick task in the store's queue",
    );
  });
});
