import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@omni/platform';
import { Client } from 'pg';
import { EventLog, type OutgoingRecord } from '../event-log/event-log';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { outboxChannel } from '../messaging-tables';

const BATCH = 500;
const MAX_BACKOFF_MS = 2000;
const RETENTION = '1 day';
const PURGE_EVERY_MS = 60_000;
// The poll is only the fallback behind NOTIFY (a lost notification, a leader that died with rows
// unsent): each poll that finds nothing doubles the next wait, up to this; a notification or a poll
// that sends something brings it back to OUTBOX_POLL_MS. An idle relay then costs a query every
// 10 s instead of every second, and a busy one is woken by its commits as before.
const IDLE_POLL_MAX_MS = 10_000;

interface PendingRow {
  seq: string;
  topic: string;
  aggregateid: string;
  /** As text: it goes to the log as it is, not parsed here to be serialised again. */
  payload: string;
  headers: Record<string, string>;
}

/**
 * Drains the outbox to the event log in `seq` order. One replica at a time holds the schema's
 * advisory lock and relays, so order per key holds across replicas. Woken by NOTIFY at commit,
 * with a poll as the fallback that backs off while it finds nothing; Kafka being down only makes rows wait.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private client: Client | null = null;
  private leader = false;
  private draining: Promise<void> | null = null;
  private wakeAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private backoffMs = 0;
  private pollMs = 0;
  /** Rows were sent since the last poll: the outbox is not idle. */
  private sentSincePoll = false;
  private lastPurge = 0;
  private stopped = false;

  constructor(
    private readonly eventLog: EventLog,
    private readonly config: AppConfig,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.pollMs = this.options.outboxPollMs;
    await this.connect();
    this.schedule(0);
  }

  /** A dedicated session: it LISTENs, and holds the advisory lock that makes this replica the relay. */
  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      options: `-c search_path=${this.options.schema}`,
    });
    client.on('error', (error) => {
      // The lock went with the session; the next poll reconnects and competes for it again.
      this.logger.warn(`relay connection lost: ${error.message}`);
      if (this.client === client) {
        this.client = null;
        this.leader = false;
      }
    });
    client.on('notification', () => this.notified());
    await client.connect();
    await client.query(`LISTEN ${outboxChannel(this.options.schema)}`);
    this.client = client;
    return client;
  }

  /** Sends what is pending now, then stops: used at shutdown so nothing committed waits for a restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
    if (this.client && this.leader) await this.drainOnce().catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = null;
    this.leader = false;
  }

  /** A commit in this schema (by any replica): drain now, and poll at the base rate again. */
  private notified(): void {
    if (this.pollMs > this.options.outboxPollMs && !this.backoffMs) {
      this.pollMs = this.options.outboxPollMs;
      this.schedule(this.pollMs);
    }
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.pollMs = this.sentSincePoll
        ? this.options.outboxPollMs
        : Math.min(Math.max(IDLE_POLL_MAX_MS, this.options.outboxPollMs), this.pollMs * 2);
      this.sentSincePoll = false;
      this.wake();
      this.schedule(this.backoffMs || this.pollMs);
    }, ms);
  }

  private async drain(): Promise<void> {
    try {
      if (!(await this.acquireLeadership())) return;
      while (!this.stopped && (await this.drainOnce()) === BATCH);
      this.backoffMs = 0;
      await this.purgeSent();
    } catch (error) {
      this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(100, this.backoffMs * 2));
      this.logger.warn(`outbox relay will retry in ${this.backoffMs} ms: ${(error as Error).message}`);
      this.schedule(this.backoffMs);
    }
  }

  private async acquireLeadership(): Promise<boolean> {
    if (this.leader) return true;
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
      `omni-outbox-${this.options.schema}`,
    ]);
    this.leader = rows[0].locked;
    return this.leader;
  }

  /** Publishes one batch and marks it sent; returns how many rows it sent. */
  private async drainOnce(): Promise<number> {
    const client = this.client;
    if (!client) return 0;
    const { rows } = await client.query<PendingRow>(
      `SELECT seq, topic, aggregateid, payload::text AS payload, headers FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ${BATCH}`,
    );
    if (!rows.length) return 0;
    const records: OutgoingRecord[] = rows.map((r) => ({
      topic: r.topic,
      key: r.aggregateid,
      value: r.payload,
      headers: r.headers,
    }));
    await this.eventLog.send(records);
    await client.query(`UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
    this.sentSincePoll = true;
    return rows.length;
  }

  private async purgeSent(): Promise<void> {
    if (!this.client || Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    await this.client.query(`DELETE FROM outbox WHERE sent_at < now() - interval '${RETENTION}'`);
  }
}
