import {
  InvalidEventError,
  PROBLEMS,
  surelyValid,
  validateEventData,
  type ContractViolation,
  type EventDefinition,
} from '@omni/contracts';
import { ProblemException } from '@omni/platform';

/**
 * A service tried to publish an event its own contract refuses: every consumer would dead-letter it.
 * Over HTTP it is a 422 naming the event's fields (the request passed its DTO but cannot be told as
 * this event: the DTO and the contract drifted apart, which is a bug to fix); in an event handler it
 * is an error like any other and goes down the retry and dead-letter path.
 */
export class EventContractViolation extends ProblemException {
  constructor(
    readonly eventType: string,
    readonly violations: ContractViolation[],
  ) {
    super(
      PROBLEMS.eventContractViolation,
      `the ${eventType} event this would publish breaks its contract, so its consumers would refuse it: ` +
        violations.map((v) => `${v.field}: ${v.message}`).join('; '),
      { eventType, errors: violations },
    );
    this.name = 'EventContractViolation';
  }
}

/**
 * Validates data as its consumers will: after the JSON round trip it makes through the outbox (a Date
 * becomes a string, an undefined field disappears), with the same rules (validateEventData). Valid
 * data is recognised by surelyValid, a few µs; class-validator itself (tens of µs) runs only to word
 * what is wrong, or when surelyValid is not sure.
 */
export function assertPublishable<T>(definition: EventDefinition<T>, data: T): void {
  const json: unknown = JSON.parse(JSON.stringify(data));
  if (surelyValid(definition.data, json)) return;
  try {
    validateEventData(definition, json);
  } catch (error) {
    if (error instanceof InvalidEventError) throw new EventContractViolation(definition.type, error.violations);
    throw error;
  }
}
