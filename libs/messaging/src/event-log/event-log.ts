/**
 * The port to the event log. Everything Kafka-specific lives behind it (kafkajs today), so a
 * client swap is one new implementation of this interface.
 */
/** The record header naming the event type (the relay sets it), so a consumer can pass over what it does not handle unread. */
export const EVENT_TYPE_HEADER = 'event-type';

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  concurrency: number;
  /** The most records of one partition handed over at once: whatever waited, up to this (default 1). */
  maxBatch?: number;
  /**
   * Records whose event-type header names a type this refuses are not handed over (their offsets
   * still advance); records without the header always are.
   */
  accepts?: (eventType: string) => boolean;
  /** Called after each fetch: from the first one on, the consumer has a position on its partitions, so nothing published later is missed. */
  onFetched?: () => void;
}

export interface Subscription {
  stop(): Promise<void>;
}

export abstract class EventLog {
  /** Creates the topics that do not exist yet and waits until they can be used. */
  abstract ensureTopics(topics: string[], partitions: number): Promise<void>;
  /** Publishes records in order per key, acknowledged by all in-sync replicas, without duplicates on retry. */
  abstract send(records: OutgoingRecord[]): Promise<void>;
  /**
   * Delivers records in order, one batch at a time per partition, at most `concurrency` batches at once;
   * an offset is committed only after `handle` resolved for it, and a batch whose `handle` throws is
   * delivered again whole.
   */
  abstract consume(options: ConsumeOptions, handle: (records: IncomingRecord[]) => Promise<void>): Promise<Subscription>;
  /** Throws when the cluster cannot be reached. */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
