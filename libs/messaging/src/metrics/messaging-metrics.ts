import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@omni/platform';
import type { ConsumerStatus } from '../event-log/event-log';

/** What the pipeline gauges read at scrape time: each service process registers its own. */
export interface PipelineSource {
  consumers(): readonly ConsumerStatus[];
  /** Unsent outbox rows and the age of the oldest, in seconds (0 when empty). */
  outboxBacklog(): Promise<{ rows: number; oldestAgeSeconds: number }>;
  service: string;
}

const sources = new Set<PipelineSource>();

export function registerPipelineSource(source: PipelineSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

const eachPartition = (visit: (status: ConsumerStatus, p: ConsumerStatus['partitions'][number]) => void) => {
  for (const source of sources)
    for (const status of source.consumers()) for (const p of status.partitions) visit(status, p);
};

export const consumerRestarts = new Counter({
  name: 'omni_consumer_restarts_total',
  help: 'Consumers restarted by their supervisor after a crash or a failed start, by group',
  labelNames: ['group'] as const,
  registers: [metricsRegistry],
});

new Gauge({
  name: 'omni_consumer_up',
  help: '1 while a consumer is in its group and has caught up since its last start, else 0, by group',
  labelNames: ['group'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const source of sources) {
      for (const s of source.consumers())
        this.set({ group: s.groupId }, s.state === 'joined' && s.caughtUp && !s.stuck.length ? 1 : 0);
    }
  },
});

new Gauge({
  name: 'omni_consumer_lag',
  help: "Records between this member's position and the partition's end, by group, topic and partition",
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    eachPartition((s, p) => {
      if (p.lag !== null) this.set({ group: s.groupId, topic: p.topic, partition: String(p.partition) }, p.lag);
    });
  },
});

new Gauge({
  name: 'omni_consumer_last_processed_timestamp_seconds',
  help: 'When this member last handled records of the partition (Unix seconds), by group, topic and partition',
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    eachPartition((s, p) => {
      if (p.lastProcessedAt !== null)
        this.set({ group: s.groupId, topic: p.topic, partition: String(p.partition) }, p.lastProcessedAt / 1000);
    });
  },
});

const backlogs = async () =>
  Promise.all(
    [...sources].map(async (source) => ({
      service: source.service,
      backlog: await source.outboxBacklog().catch(() => null),
    })),
  );

new Gauge({
  name: 'omni_outbox_backlog_rows',
  help: 'Outbox rows committed but not yet published, by service',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    for (const { service, backlog } of await backlogs()) if (backlog) this.set({ service }, backlog.rows);
  },
});

new Gauge({
  name: 'omni_outbox_oldest_age_seconds',
  help: 'Age of the oldest unpublished outbox row in seconds (0 when drained), by service',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    for (const { service, backlog } of await backlogs()) if (backlog) this.set({ service }, backlog.oldestAgeSeconds);
  },
});
