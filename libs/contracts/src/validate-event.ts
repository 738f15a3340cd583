import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvelopeDto, type EventEnvelope } from './envelope';
import { findEventDefinition, type EventDefinition } from './event-definition';
import { surelyValid } from './quick-validation';

/** One broken rule of a contract, at its dotted path in the envelope (`data.lines.0.qty`). */
export interface ContractViolation {
  field: string;
  message: string;
}

export class InvalidEventError extends Error {
  constructor(
    message: string,
    readonly details: string[],
    readonly violations: ContractViolation[] = [],
  ) {
    super(`${message}: ${details.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

export function contractViolations(errors: ValidationError[], parent = ''): ContractViolation[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...contractViolations(e.children ?? [], field)];
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return contractViolations(errors, parent).map((v) => `${v.field}: ${v.message}`);
}

function invalid(message: string, errors: ValidationError[], parent = ''): InvalidEventError {
  const violations = contractViolations(errors, parent);
  return new InvalidEventError(
    message,
    violations.map((v) => `${v.field}: ${v.message}`),
    violations,
  );
}

/**
 * Checks an event's data against its definition exactly as a consumer will (validateEvent below),
 * answering it as an instance of the data class. A producer calls it before publishing, so nothing
 * its consumers would refuse ever reaches the log.
 */
export function validateEventData<T>(definition: EventDefinition<T>, data: unknown): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const violation = { field: 'data', message: 'data must be an object' };
    throw new InvalidEventError(
      `invalid ${definition.type} data`,
      [`${violation.field}: ${violation.message}`],
      [violation],
    );
  }
  const instance = plainToInstance(definition.data, data) as object;
  const errors = validateSync(instance, { forbidUnknownValues: true, whitelist: false });
  if (errors.length) throw invalid(`invalid ${definition.type} data`, errors, 'data');
  return instance as T;
}

/**
 * Checks an envelope and its data against the declared contract. Unknown type/version pairs
 * are rejected so a consumer never acts on a shape it was not written for.
 */
export function validateEvent(raw: unknown): EventEnvelope {
  // class-validator would crash on null rather than refuse it.
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const violation = { field: 'envelope', message: 'an envelope must be an object' };
    throw new InvalidEventError('invalid envelope', [`${violation.field}: ${violation.message}`], [violation]);
  }
  // Every consumer checks every event it handles: one that surelyValid recognises (a few µs) skips
  // class-validator's tens, which then only runs to refuse an event or word why.
  const { type, version, data } = raw as Record<string, unknown>;
  const known = typeof type === 'string' && typeof version === 'number' && findEventDefinition(type, version);
  if (known && surelyValid(EnvelopeDto, raw) && surelyValid(known.data, data))
    return { ...(raw as EventEnvelope), data: Object.assign(new known.data() as object, data) };
  const envelope = plainToInstance(EnvelopeDto, raw);
  const envelopeErrors = validateSync(envelope, { forbidUnknownValues: true });
  if (envelopeErrors.length) throw invalid('invalid envelope', envelopeErrors);
  const definition = findEventDefinition(envelope.type, envelope.version);
  if (!definition) throw new InvalidEventError('unknown event', [`${envelope.type} v${envelope.version}`]);
  return { ...(envelope as EventEnvelope), data: validateEventData(definition, envelope.data) };
}
