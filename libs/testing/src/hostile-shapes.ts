import type { ArgumentMetadata, Type } from '@nestjs/common';
import { createValidationPipe, ProblemException, type FieldError } from '@omni/platform';

export { hostileVariants, type HostileVariant } from '@omni/contracts';

export type DtoVerdict<T> = { accepted: true; dto: T } | { accepted: false; errors: FieldError[] };

/** What the services' global ValidationPipe makes of a request body for `dto`: the instance, or the field errors it answers 400 with. */
export async function dtoVerdict<T>(dto: Type<T>, body: unknown): Promise<DtoVerdict<T>> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: dto, data: undefined };
  try {
    return { accepted: true, dto: (await createValidationPipe().transform(body, metadata)) as T };
  } catch (error) {
    if (error instanceof ProblemException) return { accepted: false, errors: error.problem.errors ?? [] };
    throw error;
  }
}
