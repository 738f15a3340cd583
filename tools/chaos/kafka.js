// What the run reads from (and writes to) its broker itself: consumer lag and group state of every
// service's group (kafkajs admin: committed offsets vs partition ends), the pickup codes customers
// would get (read from fulfilment.ready-for-pickup, the only place a code travels), and the DLQ.
'use strict';

const { randomUUID } = require('node:crypto');
const { Kafka, logLevel, AssignerProtocol } = require('kafkajs');
const { sleep } = require('./lifecycle');

const GROUPS = ['inventory', 'orders', 'fulfilment', 'returns'];
const EVENT_TYPE_HEADER = 'event-type';

function kafkaOf(cfg, clientId) {
  return new Kafka({
    clientId,
    brokers: [cfg.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 2 },
  });
}

function timeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    }),
  ]);
}

/** Samples every group's lag and state once a second, for the fault figures and the quiescence wait. */
class LagWatch {
  constructor(cfg, lifecycle) {
    this.kafka = kafkaOf(cfg, 'chaos-lag');
    this.lifecycle = lifecycle;
    this.admin = null;
    /** { t, ok, total, groups: { g: { lag, state, members } } } or { t, ok: false, error } */
    this.samples = [];
    // A group's topics: what its members are assigned, remembered once seen (a group with no members still has lag).
    this.topicsOf = new Map(GROUPS.map((g) => [g, new Set()]));
    this.running = false;
  }

  async connectedAdmin() {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await timeout(admin.connect(), 5000, 'admin connect');
      this.admin = admin;
    }
    return this.admin;
  }

  async dropAdmin() {
    const admin = this.admin;
    this.admin = null;
    if (admin) await admin.disconnect().catch(() => undefined);
  }

  /** One look at every group: lag (sum over its partitions of end - committed), state, members. */
  async sample() {
    const t = Date.now();
    try {
      const admin = await this.connectedAdmin();
      const { groups } = await timeout(admin.describeGroups(GROUPS), 5000, 'describeGroups');
      const out = {};
      for (const g of groups) {
        for (const m of g.members) {
          if (!m.memberAssignment?.length) continue;
          const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          for (const topic of Object.keys(decoded?.assignment ?? {})) this.topicsOf.get(g.groupId)?.add(topic);
        }
        out[g.groupId] = { state: g.state, members: g.members.length, lag: 0 };
      }
      const ends = new Map();
      for (const group of GROUPS) {
        const topics = [...this.topicsOf.get(group)];
        if (!topics.length) {
          out[group].lag = null;
          continue;
        }
        const committed = await timeout(admin.fetchOffsets({ groupId: group, topics }), 5000, 'fetchOffsets');
        let lag = 0;
        for (const { topic, partitions } of committed) {
          if (!ends.has(topic))
            ends.set(topic, await timeout(admin.fetchTopicOffsets(topic), 5000, 'fetchTopicOffsets'));
          const byPartition = new Map(ends.get(topic).map((p) => [p.partition, p]));
          for (const p of partitions) {
            const end = byPartition.get(p.partition);
            if (!end) continue;
            const position = Number(p.offset) >= 0 ? Number(p.offset) : Number(end.low);
            lag += Math.max(0, Number(end.high) - position);
          }
        }
        out[group].lag = lag;
      }
      const total = Object.values(out).reduce((s, g) => s + (g.lag ?? 0), 0);
      const sample = { t, ok: Object.values(out).every((g) => g.lag !== null), total, groups: out };
      this.samples.push(sample);
      return sample;
    } catch (error) {
      await this.dropAdmin();
      const sample = { t, ok: false, error: error.message };
      this.samples.push(sample);
      return sample;
    }
  }

  /** The groups that are not a service's: per-replica readers (live feeds, projections), by state. */
  async otherGroups() {
    const admin = await this.connectedAdmin();
    const { groups } = await timeout(admin.listGroups(), 5000, 'listGroups');
    const ids = groups.map((g) => g.groupId).filter((id) => !GROUPS.includes(id) && !id.startsWith('chaos-'));
    if (!ids.length) return {};
    const described = await timeout(admin.describeGroups(ids), 5000, 'describeGroups');
    const byState = {};
    for (const g of described.groups) byState[g.state] = (byState[g.state] ?? 0) + 1;
    return byState;
  }

  start() {
    this.running = true;
    this.loop = (async () => {
      while (this.running && !this.lifecycle.aborted) {
        const began = Date.now();
        await this.sample();
        await sleep(Math.max(0, 1000 - (Date.now() - began)), this.lifecycle);
      }
    })();
  }

  async stop() {
    this.running = false;
    await this.loop;
    await this.dropAdmin();
  }
}

/**
 * Reads the log like a consumer of the run's own, restarting itself whatever kafkajs does when the
 * broker goes away (a consumer that crashes without restart would silently stop the staff's handovers).
 */
class Tap {
  constructor(cfg, lifecycle, { topic, groupId, onRecord }) {
    this.kafka = kafkaOf(cfg, groupId);
    this.lifecycle = lifecycle;
    this.topic = topic;
    this.groupId = groupId;
    this.onRecord = onRecord;
    this.consumer = null;
    this.stopped = false;
    this.restarts = 0;
  }

  async start() {
    while (!this.stopped && !this.lifecycle.aborted) {
      const consumer = this.kafka.consumer({
        groupId: this.groupId,
        sessionTimeout: 10_000,
        retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
      });
      this.consumer = consumer;
      try {
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!payload.restart && !this.stopped) {
            this.restarts += 1;
            void consumer
              .disconnect()
              .catch(() => undefined)
              .then(() => this.start());
          }
        });
        await timeout(consumer.connect(), 10_000, 'connect');
        await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
        await consumer.run({ eachMessage: async ({ message, partition }) => this.onRecord(message, partition) });
        return;
      } catch {
        await consumer.disconnect().catch(() => undefined);
        await sleep(1000, this.lifecycle);
      }
    }
  }

  async stop() {
    this.stopped = true;
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

/** The codes fulfilment sent customers, by fulfilment order: what a customer shows at the counter. */
class PickupCodes {
  constructor(cfg, lifecycle) {
    this.codes = new Map();
    this.tap = new Tap(cfg, lifecycle, {
      topic: 'omni.fulfilment.v1',
      groupId: `chaos-customers-${randomUUID().slice(0, 8)}`,
      onRecord: (message) => {
        if (message.headers?.[EVENT_TYPE_HEADER]?.toString() !== 'fulfilment.ready-for-pickup') return;
        try {
          const { data } = JSON.parse(message.value.toString());
          this.codes.set(data.fulfilmentOrderId, data.pickupCode);
        } catch {
          // not ours to judge: the services dead-letter what they cannot read
        }
      },
    });
  }

  start() {
    void this.tap.start();
  }

  get(fulfilmentOrderId) {
    return this.codes.get(fulfilmentOrderId);
  }

  stop() {
    return this.tap.stop();
  }
}

/** Every record on the DLQ topic, read from the beginning up to its end now. */
async function readDeadLetters(cfg, lifecycle) {
  const kafka = kafkaOf(cfg, 'chaos-dlq-reader');
  const admin = kafka.admin();
  await timeout(admin.connect(), 10_000, 'admin connect');
  const topic = 'omni.dlq.v1';
  let ends;
  try {
    ends = await timeout(admin.fetchTopicOffsets(topic), 10_000, 'fetchTopicOffsets');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const remaining = new Map(
    ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]),
  );
  const letters = [];
  if (!remaining.size) return letters;
  const consumer = kafka.consumer({ groupId: `chaos-dlq-${randomUUID().slice(0, 8)}` });
  await timeout(consumer.connect(), 10_000, 'connect');
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        let value;
        try {
          value = JSON.parse(message.value.toString());
        } catch {
          value = { unparseable: message.value?.toString().slice(0, 200) };
        }
        letters.push({ partition, offset: message.offset, value });
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
      },
    });
    const deadline = Date.now() + 30_000;
    while (remaining.size && Date.now() < deadline && !lifecycle.aborted) await sleep(200);
    if (remaining.size)
      throw new Error(`DLQ not read to its end within 30 s (partitions ${[...remaining.keys()].join(', ')} short)`);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return letters;
}

module.exports = { LagWatch, PickupCodes, readDeadLetters, kafkaOf, GROUPS, EVENT_TYPE_HEADER, timeout };
