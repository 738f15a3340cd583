import { Injectable } from '@nestjs/common';

/** What a staff step found out: facts for whoever decides what follows (the saga, saga/allocation.saga.ts). */
export type TaskFact =
  /** Handed over or shipped: these lines' goods have left. */
  | { kind: 'goods-left'; orderId: string; lineIds: string[] }
  /** A short pick: these lines were not on the shelf at `locationId` and have left its task. */
  | { kind: 'lines-short'; orderId: string; locationId: string; lineIds: string[] }
  /** `locationId` gave the work back: these lines have left its task. */
  | { kind: 'work-rejected'; orderId: string; locationId: string; lineIds: string[] };

export type TaskFactKind = TaskFact['kind'];
export const TASK_FACT_KINDS: readonly TaskFactKind[] = ['goods-left', 'lines-short', 'work-rejected'];

/**
 * Staff steps tell facts; they do not call the saga. The fact is handled inside the step's own
 * transaction, so a handover and the saga's record of it commit together or not at all. Written
 * here rather than taken from @nestjs/event-emitter: one awaited handler, errors propagated (that
 * library suppresses them by default), a dozen lines.
 */
@Injectable()
export class TaskFacts {
  private handler?: (fact: TaskFact) => Promise<void>;

  handleWith(handler: (fact: TaskFact) => Promise<void>): void {
    if (this.handler) throw new Error('task facts already have a handler');
    this.handler = handler;
  }

  async tell(fact: TaskFact): Promise<void> {
    // A fact nobody handles would be lost with the step committed: refuse the step instead.
    if (!this.handler) throw new Error(`nothing handles task fact ${fact.kind}`);
    await this.handler(fact);
  }
}
