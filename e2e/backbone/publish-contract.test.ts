import { topicOf } from '@omni/contracts';
import {
  eventually,
  EventFixtures,
  EventReader,
  startTestService,
  uniqueSuffix,
  type RunningService,
} from '@omni/testing';
import { probeService, ProbeRecorded } from './probe/probe.module';

/** A producer never publishes what its consumers would refuse: publish checks the event against its own contract. */
describe('publishing an event that breaks its contract', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let svc: RunningService;
  let reader: EventReader;
  let fixtures: EventFixtures;

  beforeAll(async () => {
    svc = await startTestService(probeService, { topicPrefix: prefix, env: { CONSUMER_MAX_ATTEMPTS: '2' } });
    reader = await EventReader.open(prefix, ['dlq']);
    fixtures = new EventFixtures(prefix);
  });

  afterAll(async () => {
    await fixtures?.close();
    await reader?.close();
    await svc?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await svc.sql<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) q`, params))[0].n);

  it('answers an HTTP request with a 422 problem naming the event fields, and writes nothing', async () => {
    const before = { probes: await count(`SELECT 1 FROM probes`), outbox: await count(`SELECT 1 FROM outbox`) };
    const res = await fetch(`${svc.url}/v1/probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'unpublishable-1' }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      type: 'urn:omni:problem:event-contract-violation',
      status: 422,
      eventType: ProbeRecorded.type,
      errors: [{ field: 'data.name', message: 'name must be a string' }],
    });
    expect({ probes: await count(`SELECT 1 FROM probes`), outbox: await count(`SELECT 1 FROM outbox`) }).toEqual(
      before,
    );
  });

  it('fails an event handler whose event breaks its contract like any handler failure: retried, then dead-lettered with the error', async () => {
    const event = await fixtures.publish(ProbeRecorded, 'echo-unpublishable-1', { name: 'echo-unpublishable-1' });
    await reader.waitFor(
      (r) => r.records.some((rec) => rec.topic === topicOf('dlq', prefix) && rec.value?.includes(event.id)),
      30_000,
      'the dead letter',
    );
    const letter = reader.records.map((rec) => JSON.parse(rec.value ?? '{}')).find((l) => l.event?.id === event.id);
    expect(letter).toMatchObject({
      consumer: svc.config.KAFKA_GROUP_ID,
      attempts: 2,
      error: {
        name: 'EventContractViolation',
        message: expect.stringMatching(/inventory\.probe-recorded .*data\.name: name must be a string/),
      },
    });
    await eventually(
      async () => (await count(`SELECT 1 FROM inbox WHERE event_id = $1 AND event_type = 'dlq'`, [event.id])) === 1,
      10_000,
      'the dlq marker',
    );
    expect(await count(`SELECT 1 FROM outbox WHERE type = $1`, [ProbeRecorded.type])).toBe(0);
    expect(await count(`SELECT 1 FROM probes_seen WHERE name = 'echo-unpublishable-1'`)).toBe(0);
  });
});
