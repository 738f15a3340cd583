import type { AppName } from '@omni/contracts';

/** What the messaging library needs to know about the service it runs in. */
export interface MessagingOptions {
  service: AppName;
  /** Postgres schema of the service: names the outbox NOTIFY channel and relay lock. */
  schema: string;
  brokers: string[];
  topicPrefix: string;
  partitions: number;
  groupId: string;
  partitionsConsumedConcurrently: number;
  /** Events of one partition handled in one transaction at most (what queued while the last batch ran). */
  maxBatch: number;
  maxAttempts: number;
  retryBackoffMs: number;
  /** A partition with lag that has not moved for this long makes the consumer unready. */
  stuckAfterMs: number;
  outboxPollMs: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
