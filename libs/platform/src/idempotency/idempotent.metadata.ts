export const IDEMPOTENT = 'omni:idempotent';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

export interface IdempotentOptions {
  /**
   * The handler claims the key itself, with claimKeys(), in a transaction it may share with
   * concurrent requests (coalescing). It gets the claim through @IdempotencyClaimParam() and throws
   * RunIdempotentAlone whenever it cannot: the interceptor then runs the request the ordinary way.
   */
  handlerClaims?: boolean;
}

/**
 * Thrown by a handler that claims its own key when it cannot (the key was already claimed, or its
 * shared transaction failed): the interceptor replays the stored answer or runs the handler again
 * inside a transaction of the request's own, where the handler must not coalesce.
 */
export class RunIdempotentAlone extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RunIdempotentAlone';
  }
}
