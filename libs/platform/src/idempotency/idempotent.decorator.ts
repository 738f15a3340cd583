import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENT } from './idempotent.metadata';

export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT } from './idempotent.metadata';

/**
 * Marks a route (typically a POST that creates something) whose retries, sent with the same
 * `Idempotency-Key`, get the first answer instead of a second effect. The interceptor is bound here,
 * to the route, rather than globally: a global interceptor puts every request of every route
 * through Nest's interceptor chain (rxjs defer plus two AsyncResource.bind calls), which was a
 * measurable share of a fast read's CPU, for routes that can never be idempotent.
 */
export const Idempotent = (): MethodDecorator => applyDecorators(SetMetadata(IDEMPOTENT, true), UseInterceptors(IdempotencyInterceptor));
