// FTGO-style saga scripts: given what fulfilment has projected, when an event (or a staff step's fact)
// reaches the saga, expect the events it wrote to its outbox. Envelopes go straight to the handlers
// the saga table made (saga.handlers.ts), in their own transaction, against the real Postgres; no
// event crosses Kafka (the service still connects to a broker to start).
import type { EventDefinition, EventEnvelope } from '@omni/contracts';
import { fixtureEnvelope, startTestService, uniqueSuffix, type RunningService } from '@omni/testing';
import { fulfilmentService } from '../src/fulfilment.service-definition';
import { ProjectionsService } from '../src/projections/projections.service';
import { SagaHandlers } from '../src/saga/saga.handlers';
import { TaskFacts, type TaskFact } from '../src/tasks/task-facts';
import { TransactionHost } from '@omni/platform';

export interface Written {
  type: string;
  data: Record<string, unknown>;
}

export class SagaScript {
  private mark = 0;

  private constructor(readonly service: RunningService) {}

  static async start(): Promise<SagaScript> {
    return new SagaScript(await startTestService(fulfilmentService, { topicPrefix: `t${uniqueSuffix()}.` }));
  }

  /** What fulfilment knows of inventory (location and stock snapshots), applied as its changelog reader would. */
  async given(...snapshots: EventEnvelope[]): Promise<this> {
    await this.service.app.get(ProjectionsService).apply(snapshots);
    return this;
  }

  /** An event reaches the saga's handler for its type. */
  async when<T>(definition: EventDefinition<T>, key: string, data: T): Promise<this> {
    await this.markOutbox();
    const handlers = this.service.app.get(SagaHandlers) as unknown as Record<
      string,
      (e: EventEnvelope) => Promise<void>
    >;
    const handle = handlers[`on:${definition.type}`];
    if (!handle) throw new Error(`the saga has no step on ${definition.type}`);
    await handle.call(handlers, fixtureEnvelope(definition, key, data));
    return this;
  }

  /** A staff step told a fact, inside a transaction of its own (as the step's). */
  async whenTold(fact: TaskFact): Promise<this> {
    await this.markOutbox();
    await this.service.app.get(TransactionHost).run(() => this.service.app.get(TaskFacts).tell(fact));
    return this;
  }

  /** The events written to the outbox since the last `when`, oldest first. */
  async written(): Promise<Written[]> {
    const rows = await this.service.sql<{ payload: { type: string; data: Record<string, unknown> } }>(
      `SELECT payload FROM outbox WHERE seq > $1 ORDER BY seq`,
      [this.mark],
    );
    return rows.map((r) => ({ type: r.payload.type, data: r.payload.data }));
  }

  async writtenOf<T>(definition: EventDefinition<T>): Promise<T[]> {
    return (await this.written()).filter((w) => w.type === definition.type).map((w) => w.data as T);
  }

  stop(): Promise<void> {
    return this.service.stop();
  }

  private async markOutbox(): Promise<void> {
    const [row] = await this.service.sql<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM outbox`);
    this.mark = Number(row?.seq ?? 0);
  }
}
