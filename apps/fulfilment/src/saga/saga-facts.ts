import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TaskFacts, type TaskFact } from '../tasks/task-facts';
import { ALLOCATION_SAGA, factSteps, type FactStep } from './allocation.saga';
import { SagaService } from './saga.service';

/** Runs the fact steps of ALLOCATION_SAGA for what staff steps tell, in the staff step's transaction. */
@Injectable()
export class SagaFacts implements OnModuleInit {
  private readonly steps = new Map<string, FactStep>(factSteps(ALLOCATION_SAGA).map((s) => [s.on.fact, s]));

  constructor(
    private readonly facts: TaskFacts,
    private readonly saga: SagaService,
  ) {}

  onModuleInit(): void {
    this.facts.handleWith((fact) => this.handle(fact));
  }

  private handle(fact: TaskFact): Promise<void> {
    const step = this.steps.get(fact.kind);
    if (!step) throw new Error(`no saga step for task fact ${fact.kind}`);
    return step.run(this.saga, fact as never);
  }
}
