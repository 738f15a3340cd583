import { EVENT_HEADERS } from '@omni/contracts';

/**
 * The port to the event log. Everything Kafka-specific lives behind it (kafkajs today), so a
 * client swap is one new implementation of this interface.
 */
/** The record header naming the event type (the relay sets it), so a consumer can pass over what it does not handle unread. */
export const EVENT_TYPE_HEADER = EVENT_HEADERS.type;

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
  /** A partition with lag that has not moved for this long is stuck (default 60 s). */
  stuckAfterMs?: number;
  /** Called after each fetch: from the first one on, the consumer has a position on its partitions, so nothing published later is missed. */
  onFetched?: () => void;
}

export interface PartitionStatus {
  topic: string;
  partition: number;
  /** Records between this member's position and the partition's end, as last probed (null: not yet known). */
  lag: number | null;
  /** When this member last handled (or passed over) records of it, epoch ms. */
  lastProcessedAt: number | null;
}

export interface ConsumerStatus {
  groupId: string;
  /** starting: never joined yet; joined: a group member; down: crashed, a restart is scheduled; stopped: by us. */
  state: 'starting' | 'joined' | 'down' | 'stopped';
  /** Has handled everything that was in its partitions when it last (re)started. */
  caughtUp: boolean;
  /** Partitions with lag that have not moved for a long while. */
  stuck: string[];
  restarts: number;
  lastError?: string;
  /** What this member is assigned now. */
  partitions: PartitionStatus[];
}

export interface Subscription {
  status(): ConsumerStatus;
  stop(): Promise<void>;
}

/** How topics are created when missing (e.g. changelogs: `cleanup.policy=compact`); existing topics are left as they are. */
export interface TopicOptions {
  configEntries?: ReadonlyArray<{ name: string; value: string }>;
  timeoutMs?: number;
}

export abstract class EventLog {
  /** Creates the topics that do not exist yet and waits until they can be used. */
  abstract ensureTopics(topics: string[], partitions: number, options?: TopicOptions): Promise<void>;
  /** Publishes records in order per key, acknowledged by all in-sync replicas, without duplicates on retry. */
  abstract send(records: OutgoingRecord[]): Promise<void>;
  /**
   * Delivers records in order, one batch at a time per partition, at most `concurrency` batches at once;
   * an offset is committed only after `handle` resolved for it, and a batch whose `handle` throws is
   * delivered again whole. Resolves at once: the consumer joins its group in the background and is
   * restarted whenever it fails, until stopped; its status() says where it is.
   */
  abstract consume(
    options: ConsumeOptions,
    handle: (records: IncomingRecord[]) => Promise<void>,
  ): Promise<Subscription>;
  /** Every live subscription of this client: what readiness and the consumer metrics look at. */
  abstract subscriptions(): readonly Subscription[];
  /** Throws when the cluster cannot be reached. */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
