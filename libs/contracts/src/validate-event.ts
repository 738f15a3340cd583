import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvelopeDto, type EventEnvelope } from './envelope';
import { findEventDefinition } from './event-definition';

export class InvalidEventError extends Error {
  constructor(message: string, readonly details: string[]) {
    super(`${message}: ${details.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

/**
 * Checks an envelope and its data against the declared contract. Unknown type/version pairs
 * are rejected so a consumer never acts on a shape it was not written for.
 */
export function validateEvent(raw: unknown): EventEnvelope {
  const envelope = plainToInstance(EnvelopeDto, raw);
  const envelopeErrors = validateSync(envelope, { forbidUnknownValues: true });
  if (envelopeErrors.length) throw new InvalidEventError('invalid envelope', flattenValidationErrors(envelopeErrors));
  const definition = findEventDefinition(envelope.type, envelope.version);
  if (!definition) throw new InvalidEventError('unknown event', [`${envelope.type} v${envelope.version}`]);
  const data = plainToInstance(definition.data, envelope.data) as object;
  const dataErrors = validateSync(data, { forbidUnknownValues: true, whitelist: false });
  if (dataErrors.length) throw new InvalidEventError(`invalid ${envelope.type} data`, flattenValidationErrors(dataErrors, 'data'));
  return { ...(envelope as EventEnvelope), data };
}
