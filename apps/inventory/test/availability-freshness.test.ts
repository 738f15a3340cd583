import {
  ADMIN,
  apiClient,
  eventually,
  startTestService,
  uniqueSuffix,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
import { OutboxRelay } from '@omni/messaging';
import { AvailabilityReadModel } from '../src/availability/availability-read-model';
import { inventoryService } from '../src/inventory.service-definition';
import { location, receive, SseReader } from './support';

// The batch availability read is answered from each replica's in-memory read model. These prove it is
// fresh: a replica reads its own committed changes at once, sees another replica's within a second
// (through the topic), and never answers with figures older than ones it already served.
describe('batch availability freshness across two replicas', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let a: RunningService;
  let b: RunningService;
  let adminA: ApiClient;
  let webA: ApiClient;
  let webB: ApiClient;

  const batch = async (web: ApiClient, sku: string) => {
    const res = await web.post('/v1/availability/query', { channel: 'web', skus: [sku] });
    expect(res.status).toBe(200);
    return res.body.items[0] as { sku: string; available: number; asOf: string };
  };
  const hold = async (web: ApiClient, sku: string) => {
    const res = await web.post('/v1/holds', {
      channel: 'web',
      lines: [{ sku, qty: 1, locationId: 'dc-1' }],
      ttlSeconds: 600,
    });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    a = await startTestService(inventoryService, { topicPrefix: prefix });
    // A second replica: same schema, same consumer group, same topics.
    b = await startTestService(inventoryService, {
      topicPrefix: prefix,
      env: { DATABASE_SCHEMA: a.schema, KAFKA_GROUP_ID: a.config.KAFKA_GROUP_ID ?? 'inventory' },
    });
    adminA = apiClient(a, ADMIN);
    webA = apiClient(a, WEB);
    webB = apiClient(b, WEB);
    expect((await adminA.put('/v1/locations/dc-1', location('dc', [], 49.0, 2.5))).status).toBe(201);
    // The live consumers join in the background: each model is used once its consumer has fetched.
    const models = [a, b].map((svc) => svc.app.get(AvailabilityReadModel, { strict: false }));
    await eventually(async () => models.every((m) => m.usable), 30000, 'both read models in use');
  }, 90000);

  afterAll(async () => {
    await b?.stop({ dropSchema: false });
    await a?.stop();
  });

  it('answers the batch read from memory once the live consumer has fetched, without waiting for a change to arrive', async () => {
    await receive(adminA, 'quiet', 'dc-1', 10);
    // Its own consumer group, so the two replicas above are not rebalanced; nothing is published from here on.
    const c = await startTestService(inventoryService, {
      topicPrefix: prefix,
      env: { DATABASE_SCHEMA: a.schema, KAFKA_GROUP_ID: `quiet-${uniqueSuffix()}` },
    });
    try {
      const model = c.app.get(AvailabilityReadModel, { strict: false });
      await eventually(async () => model.usable, 30000, 'the quiet replica to use its read model');
      const webC = apiClient(c, WEB);
      expect(await batch(webC, 'quiet')).toMatchObject({ available: 10 }); // loaded from Postgres once
      // Changed behind every replica's back (no event, no commit of theirs): memory still says 10, Postgres 15.
      await a.sql(`UPDATE stock_levels SET on_hand = on_hand + 5 WHERE sku = 'quiet' AND location_id = 'dc-1'`);
      try {
        expect(await batch(webC, 'quiet')).toMatchObject({ available: 10 });
        expect((await webC.get('/v1/availability/quiet?channel=web')).body).toMatchObject({ available: 15 }); // the single-sku read is SQL
      } finally {
        await a.sql(`UPDATE stock_levels SET on_hand = on_hand - 5 WHERE sku = 'quiet' AND location_id = 'dc-1'`);
      }
    } finally {
      await c.stop({ dropSchema: false });
    }
  });

  it('shows a replica its own committed changes immediately', async () => {
    await receive(adminA, 'ryw', 'dc-1', 10);
    expect(await batch(webA, 'ryw')).toMatchObject({ available: 10 }); // loaded into the model
    await receive(adminA, 'ryw', 'dc-1', 5);
    expect(await batch(webA, 'ryw')).toMatchObject({ available: 15 });
    for (let i = 1; i <= 3; i++) {
      await hold(webA, 'ryw');
      expect((await batch(webA, 'ryw')).available).toBe(15 - i);
    }
  });

  it('pushes a replica its own change at commit, not after the topic, and once only when the topic brings it too', async () => {
    await receive(adminA, 'echo', 'dc-1', 20);
    const streamA = await SseReader.open(`${a.url}/v1/availability/stream?skus=echo`, webA.token);
    const streamB = await SseReader.open(`${b.url}/v1/availability/stream?skus=echo`, webB.token);
    const changes = (stream: SseReader, available: number) =>
      stream.events.filter((e) => e.type === 'availability' && e.data.available === available);
    const relays = [a, b].map((svc) => svc.app.get(OutboxRelay, { strict: false }));
    let relaying = true;
    try {
      await eventually(
        async () => [streamA, streamB].every((s) => s.events.some((e) => e.type === 'snapshot')),
        5000,
        'both snapshots',
      );
      // No relay: nothing reaches the topic, so only what needs no topic can arrive.
      await Promise.all(relays.map((r) => r.stop()));
      relaying = false;
      await receive(adminA, 'echo', 'dc-1', 1);
      await eventually(async () => changes(streamA, 21).length === 1, 2000, "A's change on A's stream");
      expect((await batch(webA, 'echo')).available).toBe(21);
      expect(changes(streamB, 21)).toHaveLength(0);
      await Promise.all(relays.map((r) => r.start()));
      relaying = true;
      await eventually(async () => changes(streamB, 21).length === 1, 10000, "A's change on B's stream, by the topic");
      // B's change comes to A only by the topic, after the copy of A's own (one key, one partition, in order).
      await receive(apiClient(b, ADMIN), 'echo', 'dc-1', 1);
      await eventually(async () => changes(streamA, 22).length === 1, 10000, "B's change on A's stream");
      expect(changes(streamA, 21)).toHaveLength(1);
    } finally {
      if (!relaying) await Promise.all(relays.map((r) => r.start()));
      await streamA.close();
      await streamB.close();
    }
  });

  it('shows another replica’s change within a second', async () => {
    await receive(adminA, 'xr', 'dc-1', 10);
    await eventually(async () => (await batch(webB, 'xr')).available === 10, 5000, 'the first figure on B');
    await receive(adminA, 'xr', 'dc-1', 7);
    const started = Date.now();
    await eventually(async () => (await batch(webB, 'xr')).available === 17, 5000, 'the receipt made on A, read on B');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('never answers with figures older than ones it already served', async () => {
    await receive(adminA, 'mono', 'dc-1', 50);
    await eventually(async () => (await batch(webB, 'mono')).available === 50, 5000, 'the first figure on B');
    const seen: Array<{ available: number; asOf: number }> = [];
    let done = false;
    const reading = (async () => {
      while (!done) {
        for (const web of [webA, webB]) {
          const item = await batch(web, 'mono');
          seen.push({ available: item.available, asOf: Date.parse(item.asOf) });
        }
      }
    })();
    for (let i = 0; i < 10; i++) await hold(i % 2 ? webB : webA, 'mono');
    await eventually(
      async () => (await batch(webB, 'mono')).available === 40 && (await batch(webA, 'mono')).available === 40,
      5000,
      'both replicas at 40',
    );
    done = true;
    await reading;
    // Only holds happened: per replica, the figure never goes back up and its asOf never back.
    for (const start of [0, 1]) {
      const mine = seen.filter((_, i) => i % 2 === start);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i].available).toBeLessThanOrEqual(mine[i - 1].available);
        expect(mine[i].asOf).toBeGreaterThanOrEqual(mine[i - 1].asOf);
      }
    }
    expect(seen.length).toBeGreaterThan(4);
  });
});
