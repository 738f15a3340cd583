import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Admin, Consumer, ConsumerCrashEvent, ConsumerGroupJoinEvent, Kafka } from 'kafkajs';
import type { ConsumeOptions, ConsumerStatus, IncomingRecord, PartitionStatus, Subscription } from './event-log';
import { PartitionLanes } from './partition-lanes';

const logger = new Logger('kafka');

// Handled offsets are committed this long after the first record handled since the last commit
// (a timer only while something is left to commit: an idle member has none), and how many
// fetched records may wait per partition.
const COMMIT_INTERVAL_MS = 250;
const LANE_HIGH_WATER = 1000;
// After handing a fetch's batches over, the next fetch waits this long: a steady trickle of events then
// costs at most a fetch per FETCH_PACE_MS instead of one per record (each a round trip, and round trips
// are most of a consumer's CPU), while an idle consumer's fetch simply waits at the broker.
const FETCH_PACE_MS = 5;
// The batches of one fetch are handed over at once, so the pause is paid once per fetch.
const HANDOVERS_AT_ONCE = 64;
// A member killed without leaving holds its partitions until its session expires: the shorter the
// session, the sooner a restarted replica (or the survivors) take over. kafkajs has no static
// membership (group.instance.id), so this is the lever; 10 s stays clear of the broker's 6 s minimum
// and of event-loop stalls under load, with a heartbeat every second.
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 1_000;
// Restarts back off from the first to the last, and start again from the first once a consumer has
// stayed joined this long.
const RESTART_BACKOFF_MS = [250, 500, 1000, 2000, 3000];
const HEALTHY_AFTER_MS = 30_000;
// How often the end offsets are read for lag; a partition with lag that has not moved for
// STUCK_AFTER_MS is stuck (a handler retries for seconds, never for a minute: then it dead-letters).
// Every fetched batch carries its partition's end too, so a probe only has news while something is
// behind or has just moved: a member at the end of every partition probes (and wakes) only every
// IDLE_LAG_PROBE_MS (each probe is two ListOffsets round trips per topic, and each wake-up costs an
// idle process CPU), and the first record fetched brings the next probe forward to LAG_PROBE_MS.
const LAG_PROBE_MS = 2_000;
const IDLE_LAG_PROBE_MS = 30_000;
const STUCK_AFTER_MS = 60_000;

const decodeHeaders = (headers: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString() : String(v)]));

const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;

interface Tracked {
  topic: string;
  partition: number;
  /** Where this member will read next, as far as it knows: committed at join, then what it handled. */
  position: bigint;
  /** The partition's end, last probed. */
  end: bigint | null;
  /** End offset at the latest (re)start's first join: reaching it is "caught up". */
  target: bigint | null;
  lastProcessedAt: number | null;
  lastMovedAt: number;
}

export interface SupervisedConsumerHooks {
  /** Told of every restart (for a metric). */
  onRestart?: (groupId: string, error: Error) => void;
}

/**
 * One consumer group member that never dies silently. kafkajs gives up on a consumer after some
 * errors (KafkaJSGroupCoordinatorNotFound on a broker whose __consumer_offsets does not exist yet,
 * retries exhausted while the broker restarts, a non-retriable protocol error) and restarts it
 * after others: here kafkajs never restarts, every crash or failed start makes a fresh consumer,
 * with backoff, for as long as the subscription lives. Each restart is logged and counted.
 *
 * It also tells the truth about itself (status()): joined or not, what it is assigned, lag per
 * partition, and whether it has caught up to the end offsets seen at its latest start, which is
 * what readiness waits for. Fetching and handling are decoupled through PartitionLanes; handled
 * offsets are committed every COMMIT_INTERVAL_MS and at stop, so a crash redelivers at most that
 * much, which the inbox absorbs.
 */
export class SupervisedConsumer implements Subscription {
  private readonly lanes: PartitionLanes;
  private readonly partitions = new Map<string, Tracked>();
  private consumer: Consumer | null = null;
  private state: ConsumerStatus['state'] = 'starting';
  private restarts = 0;
  private failuresInARow = 0;
  private joinedAt = 0;
  private joins = 0;
  private lastError: string | undefined;
  /** Set at every (re)start, cleared once caught up: the next join's end offsets become the target. */
  private catchingUp = true;
  private caughtUp = false;
  private stopped = false;
  private supervising: Promise<void> = Promise.resolve();
  private wakeRestart: (() => void) | null = null;
  private crashed: ((error: Error) => void) | null = null;
  private committing: Promise<void> = Promise.resolve();
  private probeTimer: NodeJS.Timeout | null = null;
  private probeDueAt = Infinity;
  private commitTimer: NodeJS.Timeout | null = null;
  /** Records were fetched or handled since the last probe: its picture of the ends may be stale. */
  private movedSinceProbe = true;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: () => Promise<Admin>,
    private readonly options: ConsumeOptions,
    handle: (records: IncomingRecord[]) => Promise<void>,
    private readonly hooks: SupervisedConsumerHooks = {},
  ) {
    this.lanes = new PartitionLanes(handle, {
      concurrency: options.concurrency,
      maxBatch: options.maxBatch ?? 1,
      accepts: options.accepts,
      highWater: LANE_HIGH_WATER,
      pause: (topic, partition) => this.consumer?.pause([{ topic, partitions: [partition] }]),
      resume: (topic, partition) => this.consumer?.resume([{ topic, partitions: [partition] }]),
      onError: (first, error) =>
        logger.error(
          `handling ${first.topic}/${first.partition} from ${first.offset} failed, retrying: ${(error as Error).message}`,
        ),
      onHandled: (topic, partition, next) => this.handled(topic, partition, next),
      retryMs: 1000,
    });
  }

  /** Starts supervising; the first join happens in the background (status() tells when). */
  start(): this {
    this.scheduleProbe(LAG_PROBE_MS);
    this.supervising = this.supervise();
    return this;
  }

  status(): ConsumerStatus {
    const now = Date.now();
    const partitions: PartitionStatus[] = [...this.partitions.values()].map((p) => ({
      topic: p.topic,
      partition: p.partition,
      lag: p.end === null ? null : Number(p.end > p.position ? p.end - p.position : 0n),
      lastProcessedAt: p.lastProcessedAt,
    }));
    const stuck = [...this.partitions.values()]
      .filter(
        (p) =>
          p.end !== null && p.end > p.position && now - p.lastMovedAt > (this.options.stuckAfterMs ?? STUCK_AFTER_MS),
      )
      .map((p) => partitionKey(p.topic, p.partition));
    return {
      groupId: this.options.groupId,
      state: this.state,
      caughtUp: this.caughtUp,
      stuck,
      restarts: this.restarts,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      partitions,
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.state = 'stopped';
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    this.wakeRestart?.();
    this.crashed?.(new Error('stopped'));
    await this.supervising;
    await this.lanes.stop();
    await this.commit();
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }

  /** Runs a consumer; whenever it crashes or cannot start, waits and runs a fresh one. */
  private async supervise(): Promise<void> {
    while (!this.stopped) {
      const error = await new Promise<Error>((resolve) => {
        this.crashed = resolve;
        void this.runOnce(resolve);
      });
      this.crashed = null;
      if (this.stopped) return;
      await this.consumer?.disconnect().catch(() => undefined);
      this.consumer = null;
      this.state = 'down';
      this.caughtUp = false;
      this.catchingUp = true;
      this.lanes.dropPending();
      if (Date.now() - this.joinedAt > HEALTHY_AFTER_MS && this.joinedAt > 0) this.failuresInARow = 0;
      const delay = RESTART_BACKOFF_MS[Math.min(this.failuresInARow, RESTART_BACKOFF_MS.length - 1)];
      this.failuresInARow += 1;
      this.restarts += 1;
      this.lastError = `${error.name}: ${error.message}`;
      this.hooks.onRestart?.(this.options.groupId, error);
      logger.warn(
        `consumer ${this.options.groupId} is down (${this.lastError}); restart ${this.restarts} in ${delay} ms`,
      );
      await new Promise<void>((resolve) => {
        this.wakeRestart = resolve;
        setTimeout(resolve, delay).unref();
      });
      this.wakeRestart = null;
    }
  }

  /** One consumer's life: resolves `crashed` when it dies (never when the subscription stops it). */
  private async runOnce(crashed: (error: Error) => void): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      // Never let kafkajs restart (or quietly give up on) this consumer: the supervisor does, for every crash.
      retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 3, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }: ConsumerCrashEvent) => {
      if (this.consumer === consumer) crashed(payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, (event: ConsumerGroupJoinEvent) => void this.joined(consumer, event));
    if (this.options.onFetched) consumer.on(consumer.events.FETCH, this.options.onFetched);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: HANDOVERS_AT_ONCE,
        eachBatch: async ({ batch }) => {
          this.fetchedUpTo(batch.topic, batch.partition, batch.highWatermark);
          this.lanes.push(
            batch.messages.map((message) => ({
              topic: batch.topic,
              partition: batch.partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: decodeHeaders(message.headers),
            })),
          );
          await sleep(FETCH_PACE_MS);
        },
      });
    } catch (error) {
      if (this.consumer === consumer && !this.stopped) crashed(error as Error);
    }
  }

  /** A join (first, or after a rebalance): learn the assignment, its committed offsets and, after a (re)start, its target. */
  private joined(consumer: Consumer, { payload }: ConsumerGroupJoinEvent): void {
    // After a rebalance the log delivers again from the committed offsets: drop what has not started.
    this.lanes.dropPending();
    this.state = 'joined';
    this.joinedAt = Date.now();
    const generation = ++this.joins;
    const assigned = Object.entries(payload.memberAssignment).flatMap(([topic, ps]) =>
      ps.map((partition) => ({ topic, partition })),
    );
    const previous = new Map(this.partitions);
    this.partitions.clear();
    const now = Date.now();
    for (const { topic, partition } of assigned) {
      const known = previous.get(partitionKey(topic, partition));
      this.partitions.set(partitionKey(topic, partition), {
        topic,
        partition,
        position: known?.position ?? -1n,
        end: known?.end ?? null,
        target: known?.target ?? null,
        lastProcessedAt: known?.lastProcessedAt ?? null,
        lastMovedAt: now,
      });
    }
    void this.readOffsets(consumer, generation);
  }

  /** Positions from the committed offsets and, after a (re)start, the ends to catch up to; retried until read. */
  private async readOffsets(consumer: Consumer, generation: number): Promise<void> {
    const current = () => this.consumer === consumer && this.joins === generation && !this.stopped;
    try {
      const admin = await this.admin();
      const topics = [...new Set([...this.partitions.values()].map((p) => p.topic))];
      const [committed, ends] = await Promise.all([
        admin.fetchOffsets({ groupId: this.options.groupId, topics }),
        Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))),
      ]);
      if (!current()) return;
      for (const { topic, partitions } of ends) {
        for (const { partition, high, low } of partitions) {
          const tracked = this.partitions.get(partitionKey(topic, partition));
          if (!tracked) continue;
          const done = committed
            .find((c) => c.topic === topic)
            ?.partitions.find((p) => p.partition === partition)?.offset;
          // Nothing committed yet: the group starts at the beginning or the end of the partition.
          const start =
            done !== undefined && BigInt(done) >= 0n ? BigInt(done) : BigInt(this.options.fromBeginning ? low : high);
          if (start > tracked.position) tracked.position = start;
          tracked.end = BigInt(high);
          if (this.catchingUp) tracked.target = BigInt(high);
        }
      }
      this.catchingUp = false;
      this.checkCaughtUp();
    } catch (error) {
      // Without offsets this member cannot say it caught up: try again while this join stands.
      logger.warn(
        `consumer ${this.options.groupId} could not read its offsets after joining: ${(error as Error).message}`,
      );
      await sleep(1000);
      if (current()) await this.readOffsets(consumer, generation);
    }
  }

  /** A fetch answered with the partition's end (its high watermark): lag known without a probe. */
  private fetchedUpTo(topic: string, partition: number, highWatermark: string): void {
    const tracked = this.partitions.get(partitionKey(topic, partition));
    this.moved();
    if (!tracked || !/^\d+$/.test(highWatermark)) return;
    const end = BigInt(highWatermark);
    // A partition that was at its end starts to lag now, not when it last moved.
    if (tracked.end === null || tracked.position >= tracked.end) tracked.lastMovedAt = Date.now();
    if (tracked.end === null || end > tracked.end) tracked.end = end;
  }

  private handled(topic: string, partition: number, next: bigint): void {
    const tracked = this.partitions.get(partitionKey(topic, partition));
    if (!tracked) return;
    this.moved();
    this.scheduleCommit();
    if (next > tracked.position) {
      tracked.position = next;
      tracked.lastMovedAt = Date.now();
      tracked.lastProcessedAt = tracked.lastMovedAt;
      if (tracked.end !== null && next > tracked.end) tracked.end = next;
    }
    if (!this.caughtUp) this.checkCaughtUp();
  }

  private checkCaughtUp(): void {
    if (this.state !== 'joined' || this.catchingUp) return;
    this.caughtUp = [...this.partitions.values()].every((p) => p.target === null || p.position >= p.target);
  }

  /** Something was fetched or handled: the ends may be stale, so the next probe is due within LAG_PROBE_MS. */
  private moved(): void {
    this.movedSinceProbe = true;
    if (this.probeDueAt - Date.now() > LAG_PROBE_MS) this.scheduleProbe(LAG_PROBE_MS);
  }

  private scheduleProbe(ms: number): void {
    if (this.stopped) return;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeDueAt = Date.now() + ms;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.probeDueAt = Infinity;
      void this.probeLag().finally(() => this.probeTimer === null && this.scheduleProbe(this.nextProbeMs()));
    }, ms);
    this.probeTimer.unref();
  }

  /** At the end of every partition with nothing moved since the last probe: nothing to ask for a while. */
  private nextProbeMs(): number {
    const atEnd = [...this.partitions.values()].every((p) => p.end !== null && p.position >= p.end);
    return this.state === 'joined' && atEnd && !this.movedSinceProbe ? IDLE_LAG_PROBE_MS : LAG_PROBE_MS;
  }

  private async probeLag(): Promise<void> {
    if (this.state !== 'joined' || !this.partitions.size) return;
    this.movedSinceProbe = false;
    try {
      const admin = await this.admin();
      const topics = [...new Set([...this.partitions.values()].map((p) => p.topic))];
      for (const topic of topics) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          const tracked = this.partitions.get(partitionKey(topic, partition));
          if (!tracked) continue;
          const end = BigInt(high);
          // An idle partition at its end has not "stopped moving": keep its clock fresh.
          if (tracked.position >= end) tracked.lastMovedAt = Date.now();
          tracked.end = end;
        }
      }
    } catch (error) {
      logger.debug(`lag probe of ${this.options.groupId} failed: ${(error as Error).message}`);
    }
  }

  private scheduleCommit(): void {
    if (this.commitTimer || this.stopped) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      void this.commit();
    }, COMMIT_INTERVAL_MS);
    this.commitTimer.unref();
  }

  private commit(): Promise<void> {
    return (this.committing = this.committing.then(async () => {
      const offsets = this.lanes.committable();
      const consumer = this.consumer;
      if (!offsets.length) return;
      try {
        if (!consumer) throw new Error('no consumer (restarting)');
        await consumer.commitOffsets(offsets);
        this.lanes.markCommitted(offsets);
      } catch (error) {
        // A rebalance or a broker away: the next round commits again (nothing handled is lost, only redelivered).
        logger.debug(`offset commit deferred: ${(error as Error).message}`);
        this.scheduleCommit();
      }
    }));
  }
}
