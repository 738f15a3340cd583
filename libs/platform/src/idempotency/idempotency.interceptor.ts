import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PROBLEMS } from '@omni/contracts';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { principalKey } from '../auth/ownership';
import { TransactionHost } from '../database/transaction-host';
import type { HttpReply, HttpRequest } from '../http/http-request';
import { ProblemException } from '../http/problem-details';
import { requestHash } from './canonical-json';
import { claimKeys, findStoredRequest, recordResponses, type IdempotencyClaim } from './idempotency-store';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT, RunIdempotentAlone, type IdempotentOptions } from './idempotent.metadata';
import { sendRecordedAnswer, type RecordedAnswer } from './recorded-answer';

export const MAX_KEY_LENGTH = 200;
const REPLAYED_HEADER = 'Idempotent-Replayed';
// Keys are scoped per principal; @Public() idempotent routes share this one scope.
const ANONYMOUS = 'anonymous';

/**
 * For @Idempotent() routes sent with an Idempotency-Key: the handler runs inside the request's
 * transaction together with the key's record, so the key is stored if and only if the effect
 * committed, and a retry is answered from the record. With `handlerClaims`, the handler first gets
 * the chance to claim and record the key in a transaction it shares with other requests. Either way
 * the answer is serialised once, when it is recorded, and those bytes are sent the first time and on
 * every replay (RecordedAnswer).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly transactionHost: TransactionHost,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options =
      context.getType() === 'http'
        ? this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT, context.getHandler())
        : undefined;
    if (!options) return next.handle();
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const key = idempotencyKeyOf(req);
    if (key === undefined) return next.handle();
    const claim: IdempotencyClaim = {
      principal: req.principal ? principalKey(req.principal) : ANONYMOUS,
      key,
      method: req.method ?? 'POST',
      path: req.originalUrl.split('?')[0],
      requestHash: requestHash(req.body),
    };
    const res = context.switchToHttp().getResponse<HttpReply>();
    if (!options.handlerClaims) return from(this.runOnce(claim, next, res));
    req.idempotencyClaim = claim;
    return from(
      lastValueFrom(next.handle(), { defaultValue: undefined }).then(
        // What the handler's shared transaction recorded is what goes out, not the value it returned.
        (body: unknown) => (claim.recorded ? sendRecordedAnswer(res, claim.recorded) : body),
        (error: unknown) => {
          if (!(error instanceof RunIdempotentAlone)) throw error;
          req.idempotencyClaim = undefined;
          return this.runOnce(claim, next, res);
        },
      ),
    );
  }

  /** The answer is put on the response only once the transaction has committed. */
  private async runOnce(claim: IdempotencyClaim, next: CallHandler, res: HttpReply): Promise<unknown> {
    const { answer, replayed } = await this.decide(claim, next, res);
    if (replayed) res.header(REPLAYED_HEADER, 'true');
    return sendRecordedAnswer(res, answer);
  }

  private decide(
    claim: IdempotencyClaim,
    next: CallHandler,
    res: HttpReply,
  ): Promise<{ answer: RecordedAnswer; replayed: boolean }> {
    return this.transactionHost.run(async (manager) => {
      const [won] = await claimKeys(manager, [claim]);
      if (won) {
        // handle() is called here so the handler runs in this transaction's async context and joins it.
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await recordResponses(manager, [{ claim, status: res.statusCode, body }]);
        return { answer: claim.recorded as RecordedAnswer, replayed: false };
      }
      const stored = await findStoredRequest(manager, claim);
      if (!stored) {
        // Only if the record was purged between our conflict and our read: the client may simply retry.
        throw new ProblemException(PROBLEMS.conflict, 'Idempotency-Key changed state concurrently; retry the request');
      }
      if (stored.requestHash !== claim.requestHash || stored.method !== claim.method || stored.path !== claim.path) {
        throw new ProblemException(PROBLEMS.idempotencyKeyReused, 'Idempotency-Key reused with a different request');
      }
      return { answer: stored.answer, replayed: true };
    });
  }
}

function idempotencyKeyOf(req: HttpRequest): string | undefined {
  const key = req.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length < 1 || key.length > MAX_KEY_LENGTH) {
    throw new ProblemException(PROBLEMS.invalidRequest, `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, {
      errors: [{ field: 'Idempotency-Key', message: `must be 1 to ${MAX_KEY_LENGTH} characters` }],
    });
  }
  return key;
}
