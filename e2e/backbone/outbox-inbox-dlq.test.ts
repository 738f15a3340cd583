import { randomUUID } from 'node:crypto';
import { topicOf, type EventEnvelope } from '@omni/contracts';
import {
  eventually,
  EventReader,
  startPrivateBroker,
  startTestService,
  testEventLog,
  uniqueSuffix,
  waitForGroup,
  type PrivateBroker,
  type RunningService,
} from '@omni/testing';
import { probeService, ProbeRecorded } from './probe/probe.module';

const post = (svc: RunningService, name: string, correlationId = randomUUID()) =>
  fetch(`${svc.url}/v1/probes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    body: JSON.stringify({ name }),
  });

describe('event backbone: outbox, inbox, dead letters', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let svc: RunningService;
  let reader: EventReader;

  beforeAll(async () => {
    svc = await startTestService(probeService, { topicPrefix: prefix, env: { CONSUMER_MAX_ATTEMPTS: '3' } });
    reader = await EventReader.open(prefix, ['inventory', 'dlq']);
  });

  afterAll(async () => {
    await reader?.close();
    await svc?.stop();
  });

  const seen = async (name: string) =>
    (await svc.sql<{ times: number }>(`SELECT times FROM probes_seen WHERE name = $1`, [name]))[0]?.times ?? 0;
  /** Probe events sent straight to the topic under `key` (one partition, in this order), in one request. */
  const sendProbes = async (key: string, names: string[]) => {
    const log = testEventLog('test-producer', svc.config.KAFKA_BROKERS.split(','));
    const envelopes: EventEnvelope[] = names.map((name) => ({
      id: randomUUID(),
      type: ProbeRecorded.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'inventory',
      key,
      correlationId: randomUUID(),
      causationId: null,
      actor: {},
      data: { name },
    }));
    await log.send(
      envelopes.map((e) => ({ topic: topicOf('inventory', prefix), key, value: JSON.stringify(e), headers: {} })),
    );
    await log.close();
    return envelopes;
  };
  /**
   * Everything on the log so far has been handled by the service (its group committed past it) and
   * read by the reader: what has not happened by now will not (a dead letter, a second effect).
   */
  const settled = async () => {
    await waitForGroup(svc.config.KAFKA_GROUP_ID as string);
    await reader.caughtUp();
  };

  it('publishes a committed change, carrying the request correlation id, and its consumer handles it once', async () => {
    const correlationId = randomUUID();
    const res = await post(svc, 'first', correlationId);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as EventEnvelope;
    await reader.waitFor((r) => r.events().some((e) => e.id === id), 20000, 'the event on the topic');
    expect(reader.events().find((e) => e.id === id)).toMatchObject({
      correlationId,
      source: 'inventory',
      type: ProbeRecorded.type,
    });
    await eventually(async () => (await seen('first')) === 1, 20000, 'the consumer to handle it');
    const [row] = await svc.sql<{ sent_at: Date | null }>(`SELECT sent_at FROM outbox WHERE id = $1`, [id]);
    expect(row.sent_at).not.toBeNull();
  });

  it('writes events riding on another statement once, and those published after it at commit', async () => {
    const res = await post(svc, 'alongside-1');
    expect(res.status).toBe(201);
    await eventually(
      async () => (await seen('alongside-1')) === 1 && (await seen('alongside-1-after')) === 1,
      20000,
      'both events handled',
    );
    const rows = await svc.sql<{ name: string }>(
      `SELECT payload->'data'->>'name' AS name FROM outbox WHERE aggregateid = 'alongside-1' ORDER BY seq`,
    );
    expect(rows.map((r) => r.name)).toEqual(['alongside-1', 'alongside-1-after']);
  });

  it('applies an event delivered twice only once (inbox)', async () => {
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: ProbeRecorded.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'inventory',
      key: 'twice',
      correlationId: randomUUID(),
      causationId: null,
      actor: {},
      data: { name: 'twice' },
    };
    const log = testEventLog('test-producer', svc.config.KAFKA_BROKERS.split(','));
    const record = { topic: topicOf('inventory', prefix), key: 'twice', value: JSON.stringify(envelope), headers: {} };
    await log.send([record]);
    await log.send([record]);
    await log.close();
    await reader.waitFor((r) => r.events().filter((e) => e.id === envelope.id).length === 2, 20000, 'both copies');
    // The service's group has committed past both copies: the second has been consumed too, and changed nothing.
    await waitForGroup(svc.config.KAFKA_GROUP_ID as string);
    expect(await seen('twice')).toBe(1);
    const inbox = await svc.sql(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id]);
    expect(inbox).toHaveLength(1);
  });

  it('dead-letters a handler that keeps failing, with its error, and the events behind it on its partition still flow', async () => {
    const poison = (await (await post(svc, 'poison-1')).json()) as EventEnvelope;
    // Under the poison's key, so on its partition, after it: handled only if the partition moves on.
    await eventually(
      async () =>
        (await svc.sql(`SELECT 1 FROM outbox WHERE id = $1 AND sent_at IS NOT NULL`, [poison.id])).length === 1,
      20000,
      'the poison on the log',
    );
    await sendProbes(poison.key, ['healthy-after-poison']);
    await reader.waitFor(
      (r) => r.records.some((rec) => rec.topic === topicOf('dlq', prefix) && rec.value?.includes(poison.id)),
      30000,
      'the dead letter',
    );
    const letter = reader.records
      .filter((rec) => rec.topic === topicOf('dlq', prefix))
      .map((rec) => JSON.parse(rec.value ?? '{}'))
      .find((l) => l.event?.id === poison.id);
    expect(letter).toMatchObject({
      consumer: svc.config.KAFKA_GROUP_ID,
      attempts: 3,
      error: { message: 'cannot digest poison-1' },
      event: { id: poison.id, type: ProbeRecorded.type, data: { name: 'poison-1' } },
    });
    await eventually(async () => (await seen('healthy-after-poison')) === 1, 20000, 'the event behind the poison one');
    expect(await seen('poison-1')).toBe(0);
  });

  it('handles what queued on a partition in one transaction, each event once, under the batch lock timeout', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `together-${i}`);
    // One key (one partition), one request to the broker: they reach the consumer as one batch.
    const sent = await sendProbes('together', names);
    await eventually(
      async () => (await Promise.all(names.map(seen))).every((n) => n === 1),
      20000,
      'every event of the batch',
    );
    // Inbox rows take the transaction's start time: one value means one transaction.
    const rows = await svc.sql<{ at: string }>(
      `SELECT DISTINCT received_at::text AS at FROM inbox WHERE event_id = ANY($1::uuid[])`,
      [sent.map((e) => e.id)],
    );
    expect(rows).toHaveLength(1);
    // Set by the inbox claim: a lock the batch waits for past it rolls the batch back to one event at a time.
    expect(
      await svc.sql(`SELECT DISTINCT lock_timeout FROM probes_seen WHERE name = ANY($1::text[])`, [names]),
    ).toEqual([{ lock_timeout: '200ms' }]);
  });

  it('rolls back a batch with a poison event in it, applies the others once each and dead-letters the poison', async () => {
    const names = ['mixed-1', 'mixed-2', 'poison-in-batch', 'mixed-3'];
    const [, , poison] = await sendProbes('together', names);
    await reader.waitFor(
      (r) => r.records.some((rec) => rec.topic === topicOf('dlq', prefix) && rec.value?.includes(poison.id)),
      30000,
      'the dead letter',
    );
    await eventually(
      async () => (await Promise.all(['mixed-1', 'mixed-2', 'mixed-3'].map(seen))).every((n) => n === 1),
      20000,
      'the healthy events',
    );
    expect(await seen('poison-in-batch')).toBe(0);
  });

  it('dead-letters an invalid event once, however often it is delivered (its id keys the dead letter in the inbox)', async () => {
    const log = testEventLog('test-producer', svc.config.KAFKA_BROKERS.split(','));
    const id = randomUUID();
    const key = `twice-${id.slice(0, 8)}`;
    const invalid = JSON.stringify({
      id,
      type: ProbeRecorded.type,
      version: 1,
      source: 'inventory',
      key,
      data: { name: 42 },
    });
    const record = {
      topic: topicOf('inventory', prefix),
      key,
      value: invalid,
      headers: { 'event-type': ProbeRecorded.type },
    };
    await log.send([record]);
    await log.send([record]);
    await log.close();
    const letters = () =>
      reader.records.filter((rec) => rec.topic === topicOf('dlq', prefix) && rec.value?.includes(id));
    await reader.waitFor(() => letters().length > 0, 30000, 'the dead letter');
    // Both copies consumed, and every dead letter written by then read.
    await settled();
    expect(letters()).toHaveLength(1);
  });

  it('passes over, unread, a record whose type header names nothing it handles; an unreadable one it does handle is dead-lettered', async () => {
    const log = testEventLog('test-producer', svc.config.KAFKA_BROKERS.split(','));
    const topic = topicOf('inventory', prefix);
    await log.send([
      {
        topic,
        key: 'skip',
        value: 'not json: for another consumer',
        headers: { 'event-type': 'inventory.someone-elses' },
      },
      { topic, key: 'skip', value: 'not json: meant for this one', headers: { 'event-type': ProbeRecorded.type } },
    ]);
    await log.close();
    await reader.waitFor(
      (r) => r.records.some((rec) => rec.topic === topicOf('dlq', prefix) && rec.value?.includes('meant for this one')),
      30000,
      'the dead letter',
    );
    await settled();
    expect(
      reader.records.some((rec) => rec.topic === topicOf('dlq', prefix) && rec.value?.includes('for another consumer')),
    ).toBe(false);
  });
});

// On a broker of its own: stopping it disturbs no other test, and never the broker `npm start` runs.
describe('event backbone: the outbox while the broker is down', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let broker: PrivateBroker;
  let svc: RunningService;
  let reader: EventReader;

  beforeAll(async () => {
    broker = await startPrivateBroker();
    svc = await startTestService(probeService, { topicPrefix: prefix, env: { KAFKA_BROKERS: broker.address } });
    reader = await EventReader.open(prefix, ['inventory'], [broker.address]);
  });

  afterAll(async () => {
    await reader?.close();
    await svc?.stop();
    await broker?.remove();
  });

  const seen = async (name: string) =>
    (await svc.sql<{ times: number }>(`SELECT times FROM probes_seen WHERE name = $1`, [name]))[0]?.times ?? 0;

  it('keeps a change made while the broker is down and publishes it once when it returns', async () => {
    await broker.stop();
    let id = '';
    try {
      const res = await post(svc, 'while-down');
      expect(res.status).toBe(201); // the state change commits without the broker
      ({ id } = (await res.json()) as EventEnvelope);
      const [pending] = await svc.sql<{ sent_at: Date | null }>(`SELECT sent_at FROM outbox WHERE id = $1`, [id]);
      expect(pending.sent_at).toBeNull();
      expect(await svc.sql(`SELECT 1 FROM probes WHERE name = 'while-down'`)).toHaveLength(1);
    } finally {
      await broker.start();
    }
    await eventually(async () => (await seen('while-down')) === 1, 90000, 'the consumer to handle the delayed event');
    // Marked sent: the relay will not send it again. Every copy it did send is on the log before that mark,
    // and the reader has read the log up to its end: one copy, handled once.
    await eventually(
      async () => (await svc.sql(`SELECT 1 FROM outbox WHERE id = $1 AND sent_at IS NOT NULL`, [id])).length === 1,
      30000,
      'the outbox row marked sent',
    );
    await waitForGroup(svc.config.KAFKA_GROUP_ID as string, { brokers: [broker.address] });
    await reader.caughtUp();
    expect(reader.events().filter((e) => (e.data as { name?: string })?.name === 'while-down')).toHaveLength(1);
    expect(await seen('while-down')).toBe(1);
  }, 240000);
});
