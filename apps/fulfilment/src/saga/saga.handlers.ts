import { EventPattern } from '@nestjs/microservices';
import type { EventEnvelope } from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { ALLOCATION_SAGA, eventSteps } from './allocation.saga';
import { SagaService } from './saga.service';

/**
 * One `@EventPattern` per event step of ALLOCATION_SAGA, made from the table itself. Thin: the
 * transport validated the event and opened the transaction with its inbox row.
 */
@EventHandlers()
export class SagaHandlers {
  constructor(readonly saga: SagaService) {}
}

for (const step of eventSteps(ALLOCATION_SAGA)) {
  const method = `on:${step.on.event.type}`;
  Object.defineProperty(SagaHandlers.prototype, method, {
    value: function (this: SagaHandlers, event: EventEnvelope): Promise<void> {
      return step.run(this.saga, event.data);
    },
    writable: true,
    configurable: true,
  });
  EventPattern(step.on.event.type)(
    SagaHandlers.prototype,
    method,
    Object.getOwnPropertyDescriptor(SagaHandlers.prototype, method) as PropertyDescriptor,
  );
}
