// Readiness and the pipeline metrics tell the truth about the consumers: red while one is down or
// stuck, green again once it is back, and a consumer comes back by itself after the broker dies.
import {
  ADMIN,
  eventually,
  startPrivateBroker,
  startTestService,
  uniqueSuffix,
  type PrivateBroker,
  type RunningService,
} from '@omni/testing';
import { outageAttempts, probeService, slowGate } from './probe/probe.module';

describe('consumer health: readiness and pipeline metrics', () => {
  let broker: PrivateBroker;
  let svc: RunningService;
  let group: string;

  beforeAll(async () => {
    broker = await startPrivateBroker();
    svc = await startTestService(probeService, {
      topicPrefix: `t${uniqueSuffix()}.`,
      env: { KAFKA_BROKERS: broker.address, CONSUMER_STUCK_AFTER_MS: '2000' },
    });
    group = svc.config.KAFKA_GROUP_ID as string;
  });

  afterAll(async () => {
    slowGate.open();
    await svc?.stop();
    await broker?.remove();
  });

  const post = (name: string) =>
    fetch(`${svc.url}/v1/probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
  const readiness = async () => {
    const res = await fetch(`${svc.url}/health/ready`);
    return { status: res.status, body: await res.text() };
  };
  /** The sum of a metric's samples for this service's consumer group (or service), from /metrics (an admin's). */
  const metric = async (name: string, label = `group="${group}"`): Promise<number | undefined> => {
    const text = await (
      await fetch(`${svc.url}/metrics`, { headers: { authorization: `Bearer ${svc.token(ADMIN)}` } })
    ).text();
    const samples = text.split('\n').filter((line) => line.startsWith(`${name}{`) && line.includes(label));
    return samples.length ? samples.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0) : undefined;
  };
  const seen = async (name: string) =>
    (await svc.sql<{ times: number }>(`SELECT times FROM probes_seen WHERE name = $1`, [name]))[0]?.times ?? 0;

  it('is ready with its consumer up, lag 0 and an empty outbox once started', async () => {
    expect((await readiness()).status).toBe(200);
    expect(await metric('omni_consumer_up')).toBe(1);
    expect(await metric('omni_outbox_backlog_rows', 'service="inventory"')).toBe(0);
    await eventually(async () => (await metric('omni_consumer_lag')) === 0, 10_000, 'lag 0 on /metrics');
  });

  it('turns unready while a partition is stuck, shows its lag, and turns ready again once it moves', async () => {
    expect((await post('slow-1')).status).toBe(201);
    await eventually(
      async () => ((await metric('omni_consumer_lag')) ?? 0) > 0,
      15_000,
      'the stuck record as lag on /metrics',
    );
    const red = await eventually(
      async () => {
        const r = await readiness();
        return r.status === 503 ? r : undefined;
      },
      15_000,
      'readiness to turn red',
    );
    expect(red.body).toContain('stuck');
    expect(await metric('omni_consumer_up')).toBe(0);

    slowGate.open();
    await eventually(async () => (await readiness()).status === 200, 15_000, 'readiness to turn green');
    expect(await seen('slow-1')).toBe(1);
    await eventually(async () => (await metric('omni_consumer_lag')) === 0, 10_000, 'lag back to 0');
    expect(await metric('omni_consumer_up')).toBe(1);
  });

  it('waits out a database outage in a handler instead of dead-lettering the event', async () => {
    await svc.sql(`INSERT INTO probe_faults (name) VALUES ('outage-1')`);
    expect((await post('outage-1')).status).toBe(201);
    // Far more failures than CONSUMER_MAX_ATTEMPTS (5), each counted as the database's, not the event's.
    await eventually(
      async () => (outageAttempts.get('outage-1') ?? 0) > 8,
      30_000,
      'the handler to meet the outage many times',
    );
    await svc.sql(`DELETE FROM probe_faults WHERE name = 'outage-1'`);
    await eventually(async () => (await seen('outage-1')) === 1, 15_000, 'the event handled once the database is back');
    expect(await metric('omni_dead_letters_total', `consumer="${group}"`)).toBeUndefined();
  });

  it('turns unready when the broker dies, and is ready and caught up within 15 s of its return', async () => {
    const restartsBefore = (await metric('omni_consumer_restarts_total')) ?? 0;
    broker.kill();
    const red = await eventually(
      async () => {
        const r = await readiness();
        return r.status === 503 && (await metric('omni_consumer_up')) === 0 ? r : undefined;
      },
      60_000,
      'readiness and omni_consumer_up to turn red',
    );
    expect(red.body).toMatch(/consumers|kafka/);

    // A change committed while the broker is away waits in the outbox, and shows there.
    expect((await post('during-outage')).status).toBe(201);
    expect(await metric('omni_outbox_backlog_rows', 'service="inventory"')).toBeGreaterThanOrEqual(1);

    await broker.start();
    const back = Date.now();
    await eventually(
      async () => (await readiness()).status === 200 && (await seen('during-outage')) === 1,
      15_000,
      'ready and caught up',
    );
    const recoveredMs = Date.now() - back;
    expect(recoveredMs).toBeLessThan(15_000);
    expect(await metric('omni_outbox_backlog_rows', 'service="inventory"')).toBe(0);
    expect(await metric('omni_consumer_restarts_total')).toBeGreaterThan(restartsBefore);
  });
});
