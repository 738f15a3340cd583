import { topicOf, type EventEnvelope, type ServiceName } from '@omni/contracts';
import type { EventLog, IncomingRecord } from '@omni/messaging';
import { waitForGroup } from './consumer-offsets';
import { testEventLog } from './test-event-log';
import { testBrokers, uniqueSuffix } from './test-service';

/**
 * Reads a topic from the beginning with a fresh consumer group, the way any other service would,
 * so tests assert on what really reached the log.
 */
export class EventReader {
  readonly records: IncomingRecord[] = [];
  readonly groupId = `reader-${uniqueSuffix()}`;
  private readonly log: EventLog;
  private stopFn: (() => Promise<void>) | null = null;

  private constructor(private readonly brokers: string[]) {
    this.log = testEventLog(this.groupId, brokers);
  }

  /** Reads the owners' topics of the run's broker, or of `brokers` (a test's private broker). */
  static async open(
    topicPrefix: string,
    owners: Array<ServiceName | 'dlq'>,
    brokers: string[] = testBrokers(),
  ): Promise<EventReader> {
    const reader = new EventReader(brokers);
    const subscription = await reader.log.consume(
      {
        groupId: reader.groupId,
        topics: owners.map((o) => topicOf(o, topicPrefix)),
        fromBeginning: true,
        concurrency: 1,
        maxBatch: 500,
      },
      async (records) => {
        reader.records.push(...records);
      },
    );
    reader.stopFn = () => subscription.stop();
    return reader;
  }

  events<T = unknown>(type?: string): Array<EventEnvelope<T>> {
    return this.records
      .map((r) => parsed<T>(r.value))
      .filter((e): e is EventEnvelope<T> => e !== null && (!type || e.type === type));
  }

  /** Waits until `predicate` holds for what has been read so far. */
  async waitFor(predicate: (reader: EventReader) => boolean, timeoutMs = 20000, what = 'events'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; read ${this.records.length} records`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until it has read everything that was on its topics when called (see waitForGroup). */
  async caughtUp(timeoutMs = 30000): Promise<void> {
    await waitForGroup(this.groupId, { brokers: this.brokers, timeoutMs });
  }

  async close(): Promise<void> {
    await this.stopFn?.();
    await this.log.close();
  }
}

/** Polls an async probe until it returns a truthy value. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A record that is not JSON (tests put some there on purpose) is not an event. */
function parsed<T>(value: string | null): EventEnvelope<T> | null {
  try {
    return JSON.parse(value ?? 'null') as EventEnvelope<T> | null;
  } catch {
    return null;
  }
}
