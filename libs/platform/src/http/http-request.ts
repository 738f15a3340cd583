import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import type { IdempotencyClaim } from '../idempotency/idempotency-store';

interface RequestShape {
  Params: Record<string, string | undefined>;
  Querystring: Record<string, unknown>;
  /** Parsed JSON, before the validation pipe has seen it; undefined for a request without a body. */
  Body: Record<string, unknown> | undefined;
}

/** The Fastify request every service's handlers, guards and interceptors see, with what we add to it. */
export interface HttpRequest extends FastifyRequest<RequestShape> {
  /** Set by the AuthGuard once the bearer token is verified. */
  principal?: Principal;
  /** Set on @Idempotent({ handlerClaims: true }) routes sent with a key: the handler claims it. */
  idempotencyClaim?: IdempotencyClaim;
}

/** The Fastify reply (`@Res({ passthrough: true })`, `switchToHttp().getResponse()`). */
export type HttpReply = FastifyReply;
