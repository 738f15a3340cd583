import { SetMetadata } from '@nestjs/common';

export const IDEMPOTENT = 'omni:idempotent';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * Marks a route (typically a POST that creates something) whose retries, sent with the same
 * `Idempotency-Key`, get the first answer instead of a second effect.
 */
export const Idempotent = (): MethodDecorator => SetMetadata(IDEMPOTENT, true);
