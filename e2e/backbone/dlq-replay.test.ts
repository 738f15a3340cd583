import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVICES, topicOf, UUID_PATTERN, type EventEnvelope } from '@omni/contracts';
import { EVENT_TYPE_HEADER } from '@omni/messaging';
import {
  ADMIN,
  eventually,
  EventFixtures,
  EventReader,
  startTestService,
  testEventLog,
  uniqueSuffix,
  type RunningService,
} from '@omni/testing';
import { probeService, ProbeRecorded } from './probe/probe.module';

// tools/dlq.js is plain JS: the shape of what this test uses of it.
interface LetterSummary {
  id: string;
  consumer: string;
  eventId: string | null;
  type: string | null;
  key: string;
  attempts: number;
  error: string;
  replayable: { ok: boolean; reason?: string };
  replayed: { times: number } | null;
}
interface Replay {
  letterId: string;
  consumer: string;
  eventId: string;
  inboxMarkerRemoved: boolean;
  to: { topic: string };
}
interface DlqConfig {
  brokers: string[];
  topicPrefix: string;
  databaseUrl: string;
}
interface DlqTool {
  loadConfig(env: Record<string, string | undefined>): DlqConfig;
  listLetters(config: DlqConfig, filters?: { consumer?: string; type?: string }): Promise<LetterSummary[]>;
  showLetter(config: DlqConfig, id: string): Promise<Record<string, unknown>>;
  replayLetter(config: DlqConfig, id: string, options?: { force?: boolean }): Promise<Replay>;
  constants: { SERVICES: string[]; UUID: RegExp; EVENT_TYPE_HEADER: string; dlqTopic(prefix: string): string };
}

const TOOL = path.join(__dirname, '../../tools/dlq.js');
const dlq = jest.requireActual<DlqTool>(TOOL);

/**
 * Two consumers of one topic: `flaky` fails an event until the test clears its fault, `steady` always
 * handles it. After the fix, a replay makes `flaky` handle the dead-lettered event exactly once and
 * `steady` not again.
 */
describe('dead letters are listed, replayed once to their consumer, and counted', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let flaky: RunningService;
  let steady: RunningService;
  let reader: EventReader;
  let fixtures: EventFixtures;
  let env: Record<string, string>;
  let config: DlqConfig;

  beforeAll(async () => {
    [flaky, steady] = await Promise.all([
      startTestService(probeService, { topicPrefix: prefix, env: { CONSUMER_MAX_ATTEMPTS: '2' } }),
      startTestService(probeService, { topicPrefix: prefix }),
    ]);
    reader = await EventReader.open(prefix, ['inventory', 'dlq']);
    fixtures = new EventFixtures(prefix);
    env = {
      KAFKA_BROKERS: flaky.config.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: flaky.config.DATABASE_URL,
    };
    config = dlq.loadConfig(env);
  });

  afterAll(async () => {
    await fixtures?.close();
    await reader?.close();
    await Promise.all([flaky?.stop(), steady?.stop()]);
  });

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)('node', [TOOL, ...args], {
        env: { ...process.env, ...env },
        timeout: 90_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };
  const seen = async (svc: RunningService, name: string) =>
    (await svc.sql<{ times: number }>(`SELECT times FROM probes_seen WHERE name = $1`, [name]))[0]?.times ?? 0;
  const post = async (name: string) => {
    const res = await fetch(`${flaky.url}/v1/probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as EventEnvelope;
  };
  const letterOf = async (consumer: string, eventId: string) =>
    eventually(
      async () => (await dlq.listLetters(config, { consumer })).find((l) => l.eventId === eventId),
      60_000,
      `the dead letter of ${eventId}`,
    );
  const deadLetters = async (svc: RunningService, type: string) => {
    const scrape = await (
      await fetch(`${svc.url}/metrics`, { headers: { authorization: `Bearer ${svc.token(ADMIN)}` } })
    ).text();
    const line = scrape
      .split('\n')
      .find(
        (l) =>
          l.startsWith('omni_dead_letters_total{') &&
          l.includes(`consumer="${svc.config.KAFKA_GROUP_ID}"`) &&
          l.includes(`type="${type}"`),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  /** An event after `key`'s last one, on its partition: once a consumer handled it, it has passed over everything before. */
  const passedOver = async (key: string) => {
    const name = `sentinel-${randomUUID()}`;
    await fixtures.publish(ProbeRecorded, key, { name });
    await eventually(
      async () => (await seen(flaky, name)) === 1 && (await seen(steady, name)) === 1,
      30_000,
      'both consumers to reach the sentinel',
    );
  };

  it('keeps its constants in step with the libraries', () => {
    expect(dlq.constants.SERVICES).toEqual([...SERVICES]);
    expect(dlq.constants.UUID.source).toBe(UUID_PATTERN.source);
    expect(dlq.constants.EVENT_TYPE_HEADER).toBe(EVENT_TYPE_HEADER);
    expect(dlq.constants.dlqTopic(prefix)).toBe(topicOf('dlq', prefix));
  });

  let event: EventEnvelope;
  let letter: LetterSummary;

  it('dead-letters the event the flaky consumer keeps failing, lists it, and counts it', async () => {
    await flaky.sql(`INSERT INTO probe_faults (name) VALUES ('flaky-1')`);
    event = await post('flaky-1');
    letter = await letterOf(flaky.config.KAFKA_GROUP_ID!, event.id);
    await eventually(async () => (await seen(steady, 'flaky-1')) === 1, 30_000, 'the steady consumer to handle it');
    expect(await seen(flaky, 'flaky-1')).toBe(0);
    expect(letter).toMatchObject({
      consumer: flaky.config.KAFKA_GROUP_ID,
      type: ProbeRecorded.type,
      key: 'flaky-1',
      attempts: 2,
      error: 'flaky-1 fails until its fault is cleared',
      replayable: { ok: true },
      replayed: null,
    });
    expect(letter.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await flaky.sql(`SELECT event_type FROM inbox WHERE event_id = $1`, [event.id])).toEqual([
      { event_type: 'dlq' },
    ]);
    expect(await deadLetters(flaky, ProbeRecorded.type)).toBe(1);
    expect(await deadLetters(steady, ProbeRecorded.type)).toBe(0);

    const listed = await cli('list', '--consumer', flaky.config.KAFKA_GROUP_ID!);
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${letter.id}\\s+${flaky.config.KAFKA_GROUP_ID}\\s+${ProbeRecorded.type.replace('.', '\\.')}\\s+flaky-1\\s+2\\s+\\S+\\s+no\\s+flaky-1 fails until its fault is cleared$`,
        'm',
      ),
    );
    const shown = await cli('show', letter.id);
    expect(shown).toMatchObject({ code: 0 });
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: letter.id,
      consumer: flaky.config.KAFKA_GROUP_ID,
      event: { id: event.id, data: { name: 'flaky-1' } },
      replays: [],
    });
  });

  it('replays it, once the cause is fixed, to that consumer only: handled exactly once, the other consumer ignores it', async () => {
    await flaky.sql(`DELETE FROM probe_faults`);
    const replay = await dlq.replayLetter(config, letter.id);
    expect(replay).toMatchObject({
      letterId: letter.id,
      eventId: event.id,
      inboxMarkerRemoved: true,
      to: { topic: topicOf('inventory', prefix) },
    });
    await eventually(
      async () => (await seen(flaky, 'flaky-1')) === 1,
      30_000,
      'the flaky consumer to handle the replayed event',
    );
    await passedOver('flaky-1');
    expect(await seen(flaky, 'flaky-1')).toBe(1);
    expect(await seen(steady, 'flaky-1')).toBe(1);
    expect(await flaky.sql(`SELECT event_type FROM inbox WHERE event_id = $1`, [event.id])).toEqual([
      { event_type: ProbeRecorded.type },
    ]);
    expect(await steady.sql(`SELECT event_type FROM inbox WHERE event_id = $1`, [event.id])).toEqual([
      { event_type: ProbeRecorded.type },
    ]);
    // The copy on the topic is the original: same envelope, key and headers.
    const copies = reader.records.filter(
      (r) => r.topic === topicOf('inventory', prefix) && r.value?.includes(event.id),
    );
    expect(copies).toHaveLength(2);
    expect(JSON.parse(copies[1].value!)).toEqual(JSON.parse(copies[0].value!));
    expect(copies[1].key).toBe(copies[0].key);
    expect(copies[1].headers).toEqual(copies[0].headers);
    expect(await deadLetters(flaky, ProbeRecorded.type)).toBe(1);
  });

  it('shows the letter as replayed and refuses a second replay unless forced', async () => {
    const [listed] = (await dlq.listLetters(config, { consumer: flaky.config.KAFKA_GROUP_ID })).filter(
      (l) => l.id === letter.id,
    );
    expect(listed.replayed).toMatchObject({ times: 1 });
    await expect(dlq.replayLetter(config, letter.id)).rejects.toThrow(/already replayed/);
    const again = await cli('replay', letter.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refused: letter .* was already replayed .* --force/);
    // Forced, it is still refused: the consumer's inbox says it handled the event, so a copy would be ignored.
    await expect(dlq.replayLetter(config, letter.id, { force: true })).rejects.toThrow(/already handled/);
    expect(await seen(flaky, 'flaky-1')).toBe(1);
  });

  it('shows a record that was never JSON, and refuses to replay it: it has no event id', async () => {
    const log = testEventLog('test-producer', config.brokers);
    await log.send([
      {
        topic: topicOf('inventory', prefix),
        key: 'garbage',
        value: 'not json at all',
        headers: { [EVENT_TYPE_HEADER]: ProbeRecorded.type },
      },
    ]);
    await log.close();
    const garbage = await eventually(
      async () =>
        (await dlq.listLetters(config, { consumer: flaky.config.KAFKA_GROUP_ID })).find((l) => l.key === 'garbage'),
      60_000,
      'the unparseable record dead-lettered',
    );
    expect(garbage).toMatchObject({ eventId: null, type: null, replayable: { ok: false }, replayed: null });
    const refused = await cli('replay', garbage.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/never valid JSON, so it has no event id/);
    expect((await cli('list')).stdout).toMatch(
      new RegExp(`^${garbage.id}.*never: no event id.*unparseable record`, 'm'),
    );
    await eventually(
      async () => (await deadLetters(flaky, 'unparseable')) === 1,
      10_000,
      'the unparseable letter counted',
    );
  });

  it('replays --all: what is pending and replayable, skipping the rest with the reason', async () => {
    await flaky.sql(`INSERT INTO probe_faults (name) VALUES ('flaky-2')`);
    const second = await post('flaky-2');
    const letter2 = await letterOf(flaky.config.KAFKA_GROUP_ID!, second.id);
    await flaky.sql(`DELETE FROM probe_faults`);
    const all = await cli('replay', '--all', '--consumer', flaky.config.KAFKA_GROUP_ID!);
    expect(all).toMatchObject({ code: 0 });
    expect(all.stdout).toMatch(
      new RegExp(`^replayed ${letter2.id}: ${ProbeRecorded.type.replace('.', '\\.')} ${second.id}`, 'm'),
    );
    expect(all.stdout).toMatch(/never valid JSON/);
    expect(all.stdout).toMatch(/^1 replayed, 1 skipped$/m);
    await eventually(async () => (await seen(flaky, 'flaky-2')) === 1, 30_000, 'the second event handled');
    await passedOver('flaky-2');
    expect(await seen(flaky, 'flaky-2')).toBe(1);
    expect(await seen(steady, 'flaky-2')).toBe(1);
    expect(await seen(flaky, 'flaky-1')).toBe(1);
    expect(await deadLetters(flaky, ProbeRecorded.type)).toBe(2);
  });
});
