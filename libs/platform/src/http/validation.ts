import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { PROBLEMS } from '@omni/contracts';
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

/**
 * Validates synchronously: every rule of ours is synchronous, and the asynchronous path cost a
 * promise per property and rule on each request. (An asynchronous rule would be ignored here.)
 */
class SyncValidationPipe extends ValidationPipe {
  protected override validate(object: object, options?: ValidatorOptions): ValidationError[] {
    return validateSync(object, options);
  }
}

/**
 * The one global pipe: unknown fields are rejected rather than silently dropped, so a client's
 * typo (`quantity` for `qty`) is a 400 naming the field instead of a surprising default.
 */
export function createValidationPipe(): ValidationPipe {
  return new SyncValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(toFieldErrors(errors)),
  });
}
