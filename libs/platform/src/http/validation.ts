import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { PROBLEMS, surelyValid, type QuickValidationOptions } from '@omni/contracts';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { ProblemException, type FieldError } from './problem-details';

/** Flattens class-validator's tree into one entry per failed constraint, nested paths dotted. */
export function toFieldErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath && error.property ? `${parentPath}.${error.property}` : error.property || parentPath;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: field || '(body)', message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemException {
  const detail = `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`;
  return new ProblemException(PROBLEMS.invalidRequest, detail, { errors });
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

// VALIDATOR_OPTIONS as surelyValid models them: whitelist with forbidNonWhitelisted.
const QUICK_OPTIONS: QuickValidationOptions = { forbidUnknownProperties: true };

// What Nest's ValidationPipe leaves alone (it validates classes, not these).
const NATIVE_TYPES = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date]);
const REQUEST_PARTS = new Set<ArgumentMetadata['type']>(['body', 'query', 'param']);

/**
 * The one global pipe: class-validator over the class-transformer instance of the route's DTO.
 * Unknown fields are rejected rather than silently dropped, so a client's typo (`quantity` for
 * `qty`) is a 400 naming the field instead of a surprising default.
 *
 * A request's body, query or params object goes the short way: plainToInstance, then surelyValid
 * (the rules compiled once per DTO, as consumers check events) or validateSync, synchronously.
 * Nest's ValidationPipe awaits at each step (a promise, and its async hooks, per step on every
 * request) and walks the value three more times, for what the request's own checks (input-limits.ts,
 * request-target-guard.ts) already refuse before any pipe runs: prototype keys, binary values,
 * sparse arrays (about 5% of a batch availability read's CPU). Everything else (no DTO class, an
 * array or a primitive where the DTO wants an object, custom parameters) goes to Nest's
 * ValidationPipe itself, with the same options, so it is answered as before.
 */
export class RequestValidationPipe implements PipeTransform {
  private readonly nest = new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => validationProblem(toFieldErrors(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const { metatype, type } = metadata;
    const plainObject = value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
    if (!metatype || NATIVE_TYPES.has(metatype) || !REQUEST_PARTS.has(type) || !plainObject)
      return this.nest.transform(value, metadata);
    const plain = value ?? {};
    const dto = plainToInstance(metatype, plain) as object;
    // A request surelyValid vouches for needs no class-validator run (a fifth of a batch availability
    // read's CPU); class-validator judges, and words, the rest.
    if (surelyValid(metatype, plain, QUICK_OPTIONS)) return dto;
    const errors = validateSync(dto, VALIDATOR_OPTIONS);
    if (errors.length) throw validationProblem(toFieldErrors(errors));
    return dto;
  }
}

export function createValidationPipe(): RequestValidationPipe {
  return new RequestValidationPipe();
}
