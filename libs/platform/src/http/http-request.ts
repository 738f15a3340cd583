import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal';
import type { IdempotencyClaim } from '../idempotency/idempotency-store';

/**
 * The parts of the Express request this library reads. Declared here because the workspace has
 * no @types/express; Nest hands us the Express request, which has all of these.
 */
export interface HttpRequest extends IncomingMessage {
  originalUrl: string;
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  /** Parsed JSON, before the validation pipe has seen it. */
  body?: Record<string, unknown>;
  /** The matched route, set by Express once routing has picked a handler. */
  route?: { path: string };
  /** Set by the AuthGuard once the bearer token is verified. */
  principal?: Principal;
  /** Set on @Idempotent({ handlerClaims: true }) routes sent with a key: the handler claims it. */
  idempotencyClaim?: IdempotencyClaim;
}
