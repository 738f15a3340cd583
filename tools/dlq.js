#!/usr/bin/env node
/*
 * Dead letters: see them, and send them back to their consumer once the cause is fixed.
 *
 *   npm run dlq -- list [--consumer C] [--type T] [--pending] [--json]
 *   npm run dlq -- show ID
 *   npm run dlq -- replay ID [--force] [--schema S]
 *   npm run dlq -- replay --all [--consumer C] [--type T] [--force]
 *
 * ID is the dead letter's own id: its outbox row's UUID, carried in the DLQ record's `event-id`
 * header, so a letter keeps one id however often the relay sent it. `<partition>:<offset>` of the
 * DLQ record works too (and is the id of letters written before the header existed).
 *
 * replay republishes the original envelope, with its id, key and headers, to the topic it came
 * from, after lifting only that consumer's 'dlq' inbox marker for the event id (in one Postgres
 * transaction that commits once the broker acknowledged): the consumer handles it once more, every
 * other consumer finds its own inbox row and ignores it. Each replay is appended to the DLQ topic as
 * a `dlq.replayed` record, which `list` shows and which makes a second replay of the letter refused
 * unless --force. A record that was never valid JSON or failed envelope validation has no event id
 * and is never replayed: fix its producer instead.
 *
 * Configuration like the services': environment, then .env, then .env.example (KAFKA_BROKERS,
 * KAFKA_TOPIC_PREFIX, DATABASE_URL). Plain CommonJS on kafkajs and pg so it runs without a build
 * (the libraries' EventLog port is being reworked, and dist/ is only as fresh as the last build);
 * the functions below are exported for e2e/backbone/dlq-replay.test.ts, which also checks the
 * constants against the libraries.
 */
'use strict';

const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { parseArgs } = require('node:util');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { Client } = require('pg');
const { readEnvFile } = require('./env-file');

// Keep in step with topicOf (libs/contracts/src/topics.ts), UUID_PATTERN (libs/contracts/src/identifiers.ts), EVENT_TYPE_HEADER (libs/messaging/src/event-log/event-log.ts),
// EventPublisher.deadLetter (libs/messaging/src/outbox/event-publisher.ts) and the inbox table (libs/messaging/src/messaging-tables.ts).
const SERVICES = ['inventory', 'orders', 'fulfilment', 'returns'];
const EVENT_TYPE_HEADER = 'event-type';
const ID_HEADER = 'event-id';
const DEAD_LETTERED = 'dlq.dead-lettered';
const REPLAYED = 'dlq.replayed';
const INBOX_MARKER = 'dlq';
const dlqTopic = (prefix) => `${prefix}omni.dlq.v1`;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SCHEMA = /^[a-z_][a-z0-9_]*$/;
const READ_TIMEOUT_MS = 60_000;
const RETRIED_NOISE = /^(Response \w+\(|Limiting retries for the idempotent producer)/;
const EX_USAGE = 2;

const USAGE = `usage: npm run dlq -- list [--consumer C] [--type T] [--pending] [--json]
       npm run dlq -- show ID
       npm run dlq -- replay ID [--force] [--schema S]
       npm run dlq -- replay --all [--consumer C] [--type T] [--force]
ID: a dead letter's id as list prints it (its UUID, or <partition>:<offset> on the DLQ topic)`;

/** A replay that must not happen (already replayed, no event id, already handled): said, not thrown as a crash. */
class Refused extends Error {
  constructor(message) {
    super(message);
    this.name = 'Refused';
  }
}

class UsageError extends Error {}

function loadConfig(env = process.env) {
  const root = path.resolve(__dirname, '..');
  const vars = { ...readEnvFile(path.join(root, '.env.example')), ...readEnvFile(path.join(root, '.env')), ...env };
  const brokers = (vars.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (!brokers.length) throw new UsageError('KAFKA_BROKERS is not set');
  if (!vars.DATABASE_URL) throw new UsageError('DATABASE_URL is not set');
  return { brokers, topicPrefix: vars.KAFKA_TOPIC_PREFIX ?? '', databaseUrl: vars.DATABASE_URL };
}

function kafkaOf(config) {
  return new Kafka({
    clientId: 'omni-dlq-cli',
    brokers: config.brokers,
    logLevel: logLevel.ERROR,
    // kafkajs logs answers it then retries as errors (the services' event log filters them the same way).
    logCreator:
      () =>
      ({ log }) => {
        if (!RETRIED_NOISE.test(log.message)) process.stderr.write(`dlq: kafka: ${log.message}\n`);
      },
    connectionTimeout: 5000,
    retry: { initialRetryTime: 200, retries: 5 },
  });
}

function decodeHeaders(headers = {}) {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('utf8') : String(v)]),
  );
}

/** Every record on the DLQ topic up to its end as it was when the read began, in offset order per partition. */
async function readDlqRecords(kafka, topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic))
        .filter((o) => BigInt(o.high) > BigInt(o.low))
        .map((o) => [o.partition, BigInt(o.high)]),
    );
    if (!ends.size) return [];
    // kafkajs reads only through a group: a throwaway one that commits nothing and is deleted after.
    const groupId = `omni-dlq-cli-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    const records = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out after ${READ_TIMEOUT_MS} ms reading ${topic}`)),
          READ_TIMEOUT_MS,
        );
        const done = new Set();
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const end = ends.get(batch.partition);
              if (end === undefined || done.has(batch.partition)) return;
              for (const m of batch.messages) {
                if (BigInt(m.offset) >= end) break;
                records.push({
                  partition: batch.partition,
                  offset: m.offset,
                  timestamp: new Date(Number(m.timestamp)).toISOString(),
                  key: m.key ? m.key.toString('utf8') : null,
                  value: m.value ? m.value.toString('utf8') : null,
                  headers: decodeHeaders(m.headers),
                });
              }
              if (BigInt(batch.lastOffset()) + 1n >= end) done.add(batch.partition);
              if (done.size === ends.size) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return records.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  } finally {
    await admin.disconnect();
  }
}

function parseJson(value) {
  try {
    return JSON.parse(value ?? '');
  } catch {
    return undefined;
  }
}

/** What can be replayed of a letter: the event id and type, or why there is none. */
function replayability(letter) {
  const event = letter.event;
  const message = letter.error?.message ?? '';
  if (typeof event === 'string' || /^unparseable record/.test(message))
    return { reason: 'the record was never valid JSON, so it has no event id' };
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return { reason: 'the record is not an event envelope, so it has no event id' };
  if (/^invalid envelope/.test(message))
    return { reason: `the record failed envelope validation (${message}), so it has no event id` };
  if (typeof event.id !== 'string' || !UUID.test(event.id) || typeof event.type !== 'string')
    return { reason: 'the record has no event id' };
  return { eventId: event.id, eventType: event.type };
}

/** The dead letters on the topic, each with the replays recorded for it. A letter the relay sent twice is listed once. */
function collectLetters(records) {
  const letters = new Map();
  const aliases = new Map();
  const replays = [];
  for (const record of records) {
    const body = parseJson(record.value);
    const type = record.headers[EVENT_TYPE_HEADER];
    if (type === REPLAYED && body)
      replays.push({ ...body, dlq: { partition: record.partition, offset: record.offset } });
    if (type !== DEAD_LETTERED || !body) continue;
    const position = `${record.partition}:${record.offset}`;
    const id = record.headers[ID_HEADER] ?? position;
    aliases.set(position, id);
    if (letters.has(id)) continue;
    letters.set(id, {
      id,
      dlq: { partition: record.partition, offset: record.offset, at: record.timestamp },
      letter: body,
      replays: [],
    });
  }
  for (const replay of replays) letters.get(aliases.get(replay.letterId) ?? replay.letterId)?.replays.push(replay);
  return { letters: [...letters.values()], aliases };
}

function summarise({ id, dlq, letter, replays }) {
  const what = replayability(letter);
  const last = replays[replays.length - 1];
  return {
    id,
    dlq,
    consumer: letter.consumer,
    service: letter.service ?? null,
    eventId: what.eventId ?? null,
    type: typeof letter.event?.type === 'string' ? letter.event.type : null,
    key: letter.key,
    attempts: letter.attempts,
    failedAt: letter.failedAt,
    error: letter.error?.message ?? '',
    replayable: what.reason ? { ok: false, reason: what.reason } : { ok: true },
    replayed: last ? { times: replays.length, last: last.replayedAt, by: last.by } : null,
  };
}

const matches = (filters) => (s) =>
  (!filters.consumer || s.consumer === filters.consumer) &&
  (!filters.type || s.type === filters.type) &&
  (!filters.pending || !s.replayed);

async function readLetters(config) {
  return collectLetters(await readDlqRecords(kafkaOf(config), dlqTopic(config.topicPrefix)));
}

/** One summary per dead letter, oldest first per partition: id, consumer, type, key, attempts, failedAt, error, replayed. */
async function listLetters(config, filters = {}) {
  const { letters } = await readLetters(config);
  return letters.map(summarise).filter(matches(filters));
}

async function findLetter(config, id) {
  const { letters, aliases } = await readLetters(config);
  const found = letters.find((l) => l.id === (aliases.get(id) ?? id));
  if (!found) throw new Refused(`no dead letter ${id} on ${dlqTopic(config.topicPrefix)}`);
  return found;
}

/** The whole letter, where it sits on the DLQ topic, and its replays. */
async function showLetter(config, id) {
  const found = await findLetter(config, id);
  return {
    id: found.id,
    dlq: found.dlq,
    replays: found.replays,
    replayable: summarise(found).replayable,
    ...found.letter,
  };
}

function inboxSchemaOf(letter, override) {
  const schema = override ?? letter.schema ?? (SERVICES.includes(letter.consumer) ? letter.consumer : undefined);
  if (!schema)
    throw new Refused(
      `letter of consumer "${letter.consumer}" does not say which schema holds its inbox: pass --schema`,
    );
  if (!SCHEMA.test(schema)) throw new UsageError(`invalid schema "${schema}"`);
  return schema;
}

/** Connections shared by the replays of one command. */
function replaySession(config) {
  const kafka = kafkaOf(config);
  let producer = null;
  let db = null;
  return {
    kafka,
    async producer() {
      if (!producer) {
        const p = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          createPartitioner: Partitioners.DefaultPartitioner,
        });
        await p.connect();
        producer = p;
      }
      return producer;
    },
    async db() {
      if (!db) {
        const c = new Client({ connectionString: config.databaseUrl });
        await c.connect();
        db = c;
      }
      return db;
    },
    async close() {
      await Promise.allSettled([producer?.disconnect(), db?.end()]);
    },
  };
}

/**
 * Lifts the consumer's 'dlq' marker and republishes the original record; the marker's removal commits
 * only once the broker acknowledged, so a failed send leaves the letter as it was. (A consumer that
 * receives the copy before the commit waits on the row lock, then claims the event.)
 */
async function replayOne(session, config, found, options) {
  const { letter } = found;
  const what = replayability(letter);
  if (what.reason)
    throw new Refused(
      `letter ${found.id} cannot be replayed: ${what.reason}; fix its producer and publish a corrected event instead`,
    );
  const last = found.replays[found.replays.length - 1];
  if (last && !options.force)
    throw new Refused(
      `letter ${found.id} was already replayed at ${last.replayedAt} by ${last.by}; --force replays it again`,
    );
  const schema = inboxSchemaOf(letter, options.schema);
  const db = await session.db();
  const producer = await session.producer();
  const headers = letter.headers ?? {
    [EVENT_TYPE_HEADER]: what.eventType,
    [ID_HEADER]: what.eventId,
    'correlation-id': String(letter.event.correlationId ?? ''),
  };
  let sent;
  let markerRemoved;
  await db.query('BEGIN');
  try {
    const { rows } = await db.query(
      `SELECT event_type, received_at FROM "${schema}".inbox WHERE consumer = $1 AND event_id = $2 FOR UPDATE`,
      [letter.consumer, what.eventId],
    );
    const handled = rows.find((r) => r.event_type !== INBOX_MARKER);
    if (handled) {
      throw new Refused(
        `consumer ${letter.consumer} has already handled event ${what.eventId} (inbox, ${handled.received_at.toISOString()}): a replay would be ignored`,
      );
    }
    markerRemoved =
      (
        await db.query(`DELETE FROM "${schema}".inbox WHERE consumer = $1 AND event_id = $2 AND event_type = $3`, [
          letter.consumer,
          what.eventId,
          INBOX_MARKER,
        ])
      ).rowCount > 0;
    [sent] = await producer.send({
      topic: letter.origin.topic,
      acks: -1,
      messages: [{ key: letter.key, value: JSON.stringify(letter.event), headers }],
    });
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    if (/relation .*inbox.* does not exist/.test(error.message))
      throw new Refused(`schema "${schema}" has no inbox table: pass --schema`);
    throw error;
  }
  const replay = {
    letterId: found.id,
    consumer: letter.consumer,
    eventId: what.eventId,
    eventType: what.eventType,
    replayedAt: new Date().toISOString(),
    by: options.by ?? os.userInfo().username,
    force: Boolean(options.force),
    inboxMarkerRemoved: markerRemoved,
    to: { topic: letter.origin.topic, partition: sent.partition, offset: sent.baseOffset },
  };
  await producer.send({
    topic: dlqTopic(config.topicPrefix),
    acks: -1,
    messages: [
      {
        key: letter.key,
        value: JSON.stringify(replay),
        headers: { [EVENT_TYPE_HEADER]: REPLAYED, [ID_HEADER]: randomUUID(), consumer: letter.consumer },
      },
    ],
  });
  return replay;
}

/** Replays one letter; throws Refused when it must not be. */
async function replayLetter(config, id, options = {}) {
  const found = await findLetter(config, id);
  const session = replaySession(config);
  try {
    return await replayOne(session, config, found, options);
  } finally {
    await session.close();
  }
}

/**
 * Replays every matching letter not replayed yet (all of them with --force); of several letters of one
 * consumer for one event, only the latest. Answers what was replayed and what was skipped, and why.
 */
async function replayAll(config, options = {}) {
  const { letters } = await readLetters(config);
  const wanted = letters.filter((l) =>
    matches({ consumer: options.consumer, type: options.type, pending: !options.force })(summarise(l)),
  );
  const latest = new Map();
  for (const l of wanted) latest.set(`${l.letter.consumer}|${replayability(l.letter).eventId ?? l.id}`, l);
  const result = { replayed: [], skipped: [] };
  const session = replaySession(config);
  try {
    for (const l of latest.values()) {
      try {
        result.replayed.push(await replayOne(session, config, l, options));
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        result.skipped.push({ id: l.id, reason: error.message });
      }
    }
  } finally {
    await session.close();
  }
  return result;
}

const oneLine = (text) => String(text ?? '').replace(/\s+/g, ' ');

function table(rows) {
  const header = ['ID', 'CONSUMER', 'TYPE', 'KEY', 'ATTEMPTS', 'FAILED AT', 'REPLAYED', 'ERROR'];
  const cells = rows.map((s) => [
    s.id,
    s.consumer,
    s.type ?? '(no type)',
    s.key,
    String(s.attempts),
    s.failedAt,
    s.replayed ? `yes (${s.replayed.times}x, last ${s.replayed.last})` : s.replayable.ok ? 'no' : 'never: no event id',
    oneLine(s.error),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}

function readCommand(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        consumer: { type: 'string' },
        type: { type: 'string' },
        pending: { type: 'boolean' },
        json: { type: 'boolean' },
        all: { type: 'boolean' },
        force: { type: 'boolean' },
        schema: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const [command, id, ...rest] = parsed.positionals;
  if (parsed.values.help) return { command: 'help', options: parsed.values };
  if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (!['list', 'show', 'replay'].includes(command))
    throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
  if (command === 'list' && id) throw new UsageError('list takes no ID (filter with --consumer, --type, --pending)');
  if (command === 'show' && !id) throw new UsageError('show needs an ID');
  if (command === 'replay' && !id === !parsed.values.all)
    throw new UsageError('replay needs an ID or --all (not both)');
  if (command === 'replay' && parsed.values.schema && parsed.values.all)
    throw new UsageError('--schema goes with one letter, not --all');
  return { command, id, options: parsed.values };
}

/** The CLI; answers its exit code (0 done, 1 refused or failed, 2 usage). */
async function main(argv, { stdout = process.stdout, stderr = process.stderr, env = process.env } = {}) {
  const print = (text) => stdout.write(`${text}\n`);
  const json = (value) => print(JSON.stringify(value, null, 2));
  try {
    const { command, id, options } = readCommand(argv);
    if (command === 'help') {
      print(USAGE);
      return 0;
    }
    const config = loadConfig(env);
    if (command === 'list') {
      const letters = await listLetters(config, options);
      if (options.json) json(letters);
      else
        print(
          letters.length
            ? table(letters)
            : `no dead letters on ${dlqTopic(config.topicPrefix)}${options.consumer || options.type || options.pending ? ' matching the filters' : ''}`,
        );
    } else if (command === 'show') {
      json(await showLetter(config, id));
    } else if (id) {
      const replay = await replayLetter(config, id, { force: options.force, schema: options.schema });
      if (options.json) json(replay);
      else
        print(
          `replayed ${id}: ${replay.eventType} ${replay.eventId} to ${replay.consumer} via ${replay.to.topic} [${replay.to.partition}@${replay.to.offset}]${replay.inboxMarkerRemoved ? '' : ' (it had no dlq inbox marker)'}`,
        );
    } else {
      const result = await replayAll(config, options);
      if (options.json) json(result);
      else {
        for (const r of result.replayed) print(`replayed ${r.letterId}: ${r.eventType} ${r.eventId} to ${r.consumer}`);
        for (const s of result.skipped) print(`skipped ${s.id}: ${s.reason}`);
        print(`${result.replayed.length} replayed, ${result.skipped.length} skipped`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`dlq: ${error.message}\n${USAGE}\n`);
      return EX_USAGE;
    }
    stderr.write(`dlq: ${error instanceof Refused ? 'refused: ' : ''}${error.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

module.exports = {
  main,
  loadConfig,
  listLetters,
  showLetter,
  replayLetter,
  replayAll,
  collectLetters,
  replayability,
  Refused,
  constants: { SERVICES, UUID, EVENT_TYPE_HEADER, ID_HEADER, DEAD_LETTERED, REPLAYED, INBOX_MARKER, dlqTopic },
};
