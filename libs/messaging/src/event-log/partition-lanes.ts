import { EVENT_TYPE_HEADER, type IncomingRecord } from './event-log';

export interface PartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read: one past the last record handled. */
  offset: string;
}

export interface LaneOptions {
  /** Batches handled at once across all partitions (each holds a database connection). */
  concurrency: number;
  /** The most records of one partition handed over at once (what waited while the last batch was handled). */
  maxBatch: number;
  /** A partition with this many records waiting is paused until half of them are handled. */
  highWater: number;
  /** Passed over, unread, when it refuses the type a record's header names (see ConsumeOptions.accepts). */
  accepts?: (eventType: string) => boolean;
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
  /** Told when `handle` threw: the batch is handed over again after `retryMs`, never skipped. */
  onError(first: IncomingRecord, error: unknown): void;
  /** Told after each batch is done with (handed over or passed over): `next` is one past its last offset. */
  onHandled?(topic: string, partition: number, next: bigint): void;
  retryMs: number;
}

interface Lane {
  topic: string;
  partition: number;
  queue: IncomingRecord[];
  running: Promise<void> | null;
  paused: boolean;
  handled: bigint | null;
  committed: bigint | null;
}

/**
 * Per-partition queues between the fetch loop and the handler. Each partition's records are handed
 * over in order, one batch at a time (whatever waited, up to maxBatch), while the other partitions
 * go on: a slow batch holds up its own partition only, where a fetch-then-handle-everything loop
 * (kafkajs's eachMessage) makes every partition wait for the slowest batch of the last fetch.
 * Offsets are committed only once handled, and never backwards.
 */
export class PartitionLanes {
  private readonly lanes = new Map<string, Lane>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private stopped = false;

  constructor(
    private readonly handle: (records: IncomingRecord[]) => Promise<void>,
    private readonly options: LaneOptions,
  ) {}

  /** Queues records of one partition, in offset order; records already handled here are skipped. */
  push(records: readonly IncomingRecord[]): void {
    if (!records.length || this.stopped) return;
    const lane = this.laneOf(records[0].topic, records[0].partition);
    for (const record of records)
      if (lane.handled === null || BigInt(record.offset) >= lane.handled) lane.queue.push(record);
    if (!lane.paused && lane.queue.length >= this.options.highWater) {
      lane.paused = true;
      this.options.pause(lane.topic, lane.partition);
    }
    if (!lane.running && lane.queue.length) lane.running = this.drain(lane);
  }

  /** Where each partition may be committed now (handled past the last commit). */
  committable(): PartitionOffset[] {
    return [...this.lanes.values()]
      .filter((l) => l.handled !== null && (l.committed === null || l.handled > l.committed))
      .map((l) => ({ topic: l.topic, partition: l.partition, offset: String(l.handled) }));
  }

  markCommitted(offsets: readonly PartitionOffset[]): void {
    for (const o of offsets) {
      const lane = this.lanes.get(laneKey(o.topic, o.partition));
      const offset = BigInt(o.offset);
      if (lane && (lane.committed === null || offset > lane.committed)) lane.committed = offset;
    }
  }

  /** After a rebalance the log delivers again from the committed offsets: drop what has not started. */
  dropPending(): void {
    for (const lane of this.lanes.values()) {
      lane.queue.length = 0;
      if (lane.paused) {
        lane.paused = false;
        this.options.resume(lane.topic, lane.partition);
      }
    }
  }

  /** Starts no more records and waits for those in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.dropPending();
    await Promise.all([...this.lanes.values()].map((l) => l.running));
  }

  private laneOf(topic: string, partition: number): Lane {
    const key = laneKey(topic, partition);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { topic, partition, queue: [], running: null, paused: false, handled: null, committed: null };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private async drain(lane: Lane): Promise<void> {
    try {
      while (!this.stopped && lane.queue.length) {
        await this.acquire();
        const batch = lane.queue.slice(0, this.options.maxBatch);
        try {
          // The queue may have been dropped while this lane waited for a slot.
          if (!batch.length || this.stopped) continue;
          const handed = this.options.accepts ? batch.filter((r) => this.accepted(r)) : batch;
          if (handed.length) await this.handle(handed);
          // Unless a rebalance dropped the queue meanwhile (the log sends these again; the inbox absorbs them).
          if (lane.queue[0] === batch[0]) lane.queue.splice(0, batch.length);
          lane.handled = BigInt(batch[batch.length - 1].offset) + 1n;
          this.options.onHandled?.(lane.topic, lane.partition, lane.handled);
        } catch (error) {
          this.options.onError(batch[0], error);
          await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
        } finally {
          this.release();
        }
        if (lane.paused && lane.queue.length <= this.options.highWater / 2) {
          lane.paused = false;
          this.options.resume(lane.topic, lane.partition);
        }
      }
    } finally {
      lane.running = null;
    }
  }

  private accepted(record: IncomingRecord): boolean {
    const type = record.headers[EVENT_TYPE_HEADER];
    return type === undefined || (this.options.accepts as (eventType: string) => boolean)(type);
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next)
      next(); // the slot passes straight on
    else this.active -= 1;
  }
}

const laneKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
