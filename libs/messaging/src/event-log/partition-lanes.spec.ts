import type { IncomingRecord } from './event-log';
import { PartitionLanes, type LaneOptions } from './partition-lanes';

const record = (partition: number, offset: number, topic = 't'): IncomingRecord => ({
  topic,
  partition,
  offset: String(offset),
  key: null,
  value: `${partition}@${offset}`,
  headers: {},
});
const records = (partition: number, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => record(partition, from + i));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * What the lanes report through onHandled: `through(p, n)` resolves once partition p is done with
 * every offset below n (the condition a test waits for, instead of sleeping and hoping it holds).
 */
function progress() {
  const done = new Map<number, bigint>();
  const waiters: Array<{ partition: number; next: bigint; resolve: () => void }> = [];
  return {
    onHandled(_topic: string, partition: number, next: bigint): void {
      done.set(partition, next);
      for (const waiter of waiters.filter((w) => w.partition === partition && next >= w.next)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    through(partition: number, next: number): Promise<void> {
      if ((done.get(partition) ?? -1n) >= BigInt(next)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `partition ${partition} not handled up to offset ${next} (at ${done.get(partition) ?? 'none'})`,
              ),
            ),
          2000,
        );
        waiters.push({ partition, next: BigInt(next), resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

/** Lanes over a per-record handler (batches of one unless maxBatch says otherwise). */
function lanesWith(handle: (r: IncomingRecord) => Promise<void>, options: Partial<LaneOptions> = {}) {
  const events: string[] = [];
  const handled = progress();
  const lanes = new PartitionLanes(
    async (batch) => {
      for (const r of batch) await handle(r);
    },
    {
      concurrency: 4,
      maxBatch: 1,
      highWater: 100,
      pause: (topic, partition) => events.push(`pause ${partition}`),
      resume: (topic, partition) => events.push(`resume ${partition}`),
      onError: (r) => events.push(`error ${r.value}`),
      onHandled: handled.onHandled,
      retryMs: 1,
      ...options,
    },
  );
  return { lanes, events, through: handled.through };
}

describe('PartitionLanes', () => {
  it('handles each partition in offset order and lets a partition go on while another is stuck', async () => {
    const handled: string[] = [];
    const stuck = deferred();
    const { lanes, through } = lanesWith(async (r) => {
      if (r.value === '0@0') await stuck.promise;
      handled.push(r.value as string);
    });
    lanes.push(records(0, 0, 3));
    lanes.push(records(1, 0, 3));
    await through(1, 3);
    expect(handled).toEqual(['1@0', '1@1', '1@2']);
    stuck.resolve();
    await through(0, 3);
    expect(handled).toEqual(['1@0', '1@1', '1@2', '0@0', '0@1', '0@2']);
  });

  it('never handles more records at once than its concurrency', async () => {
    let active = 0;
    let peak = 0;
    const { lanes, through } = lanesWith(
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setImmediate(resolve)); // in hand across a turn of the event loop
        active -= 1;
      },
      { concurrency: 2 },
    );
    for (let p = 0; p < 6; p++) lanes.push(records(p, 0, 5));
    for (let p = 0; p < 6; p++) await through(p, 5);
    expect(peak).toBe(2);
    expect(lanes.committable()).toHaveLength(6);
  });

  it('commits only what was handled, one past it, and never backwards', async () => {
    const gate = deferred();
    const { lanes, through } = lanesWith(async (r) => {
      if (r.offset === '7') await gate.promise;
    });
    lanes.push(records(0, 5, 3)); // 5, 6, 7 (7 waits)
    await through(0, 7);
    expect(lanes.committable()).toEqual([{ topic: 't', partition: 0, offset: '7' }]);
    lanes.markCommitted(lanes.committable());
    expect(lanes.committable()).toEqual([]);
    lanes.markCommitted([{ topic: 't', partition: 0, offset: '3' }]);
    gate.resolve();
    await through(0, 8);
    expect(lanes.committable()).toEqual([{ topic: 't', partition: 0, offset: '8' }]);
  });

  it('retries a record whose handling throws instead of skipping it', async () => {
    let failures = 1;
    const handled: string[] = [];
    const { lanes, events, through } = lanesWith(async (r) => {
      if (r.offset === '0' && failures-- > 0) throw new Error('database away');
      handled.push(r.value as string);
    });
    lanes.push(records(0, 0, 2));
    await through(0, 2);
    expect(events).toEqual(['error 0@0']);
    expect(handled).toEqual(['0@0', '0@1']);
  });

  it('pauses a partition with too much waiting, resumes it when half is handled, and skips records handled already', async () => {
    const gate = deferred();
    const handled: string[] = [];
    const { lanes, events, through } = lanesWith(
      async (r) => {
        await gate.promise;
        handled.push(r.value as string);
      },
      { highWater: 4 },
    );
    lanes.push(records(0, 0, 4));
    expect(events).toEqual(['pause 0']);
    gate.resolve();
    await through(0, 4);
    expect(events).toEqual(['pause 0', 'resume 0']);
    lanes.push(records(0, 2, 4)); // 2 and 3 again (a redelivery), then 4 and 5
    await through(0, 6);
    expect(handled).toEqual(['0@0', '0@1', '0@2', '0@3', '0@4', '0@5']);
  });

  it('drops what has not started on a rebalance, and handles what the log sends again', async () => {
    const gate = deferred();
    const inHand = deferred();
    const handled: string[] = [];
    const { lanes, through } = lanesWith(async (r) => {
      inHand.resolve();
      await gate.promise;
      handled.push(r.value as string);
    });
    lanes.push(records(0, 0, 3));
    await inHand.promise;
    lanes.dropPending(); // 0@0 is in hand; 0@1 and 0@2 are dropped
    lanes.push(records(0, 0, 3)); // the log delivers again from the committed offset
    gate.resolve();
    await through(0, 3);
    expect(handled).toEqual(['0@0', '0@0', '0@1', '0@2']); // 0@0 twice: the inbox makes the second a no-op
  });

  it('hands over what waited as one batch, in order, at most maxBatch at a time', async () => {
    const gate = deferred();
    const inHand = deferred();
    const batches: string[][] = [];
    const handled = progress();
    const lanes = new PartitionLanes(
      async (batch) => {
        inHand.resolve();
        await gate.promise;
        batches.push(batch.map((r) => r.offset));
      },
      {
        concurrency: 1,
        maxBatch: 3,
        highWater: 100,
        pause: () => undefined,
        resume: () => undefined,
        onError: () => undefined,
        onHandled: handled.onHandled,
        retryMs: 1,
      },
    );
    lanes.push(records(0, 0, 1));
    await inHand.promise;
    lanes.push(records(0, 1, 4)); // waits while offset 0 is handled
    gate.resolve();
    await handled.through(0, 5);
    expect(batches).toEqual([['0'], ['1', '2', '3'], ['4']]);
    expect(lanes.committable()).toEqual([{ topic: 't', partition: 0, offset: '5' }]);
  });

  it('passes over records whose type header it refuses, and still commits past them', async () => {
    const handed: string[] = [];
    const handled = progress();
    const lanes = new PartitionLanes(
      async (batch) => {
        handed.push(...batch.map((r) => r.offset));
      },
      {
        concurrency: 1,
        maxBatch: 10,
        highWater: 100,
        accepts: (type) => type === 'mine',
        pause: () => undefined,
        resume: () => undefined,
        onError: () => undefined,
        onHandled: handled.onHandled,
        retryMs: 1,
      },
    );
    const typed = (offset: number, type?: string): IncomingRecord => ({
      ...record(0, offset),
      headers: type ? { 'event-type': type } : {},
    });
    lanes.push([typed(0, 'theirs'), typed(1, 'mine'), typed(2), typed(3, 'theirs')]);
    await handled.through(0, 4);
    expect(handed).toEqual(['1', '2']); // no header: handed over, the consumer decides
    expect(lanes.committable()).toEqual([{ topic: 't', partition: 0, offset: '4' }]);
  });
});
