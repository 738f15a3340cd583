import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseInterceptors,
  type ExecutionContext,
} from '@nestjs/common';
import type { HttpRequest } from '../http/http-request';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENT, type IdempotentOptions } from './idempotent.metadata';

export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT, RunIdempotentAlone, type IdempotentOptions } from './idempotent.metadata';

/**
 * Marks a route (typically a POST that creates something) whose retries, sent with the same
 * `Idempotency-Key`, get the first answer instead of a second effect. The interceptor is bound here,
 * to the route, rather than globally: a global interceptor puts every request of every route
 * through Nest's interceptor chain (rxjs defer plus two AsyncResource.bind calls), which was a
 * measurable share of a fast read's CPU, for routes that can never be idempotent.
 */
export const Idempotent = (options: IdempotentOptions = {}): MethodDecorator =>
  applyDecorators(SetMetadata(IDEMPOTENT, options), UseInterceptors(IdempotencyInterceptor));

/** On an @Idempotent({ handlerClaims: true }) route: the key the handler must claim, if the request sent one. */
export const IdempotencyClaimParam = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<HttpRequest>().idempotencyClaim,
);
