import {
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { PROBLEMS } from '@omni/contracts';
import type { Observable } from 'rxjs';
import { principalKey } from '../auth/ownership';
import { AppConfig } from '../config/app-config';
import type { HttpReply, HttpRequest } from './http-request';
import { ProblemException } from './problem-details';

// A stream's slot frees only when its client leaves, which cannot be predicted: a guess a client can wait out.
const RETRY_AFTER_SECONDS = '10';
const ANONYMOUS = 'anonymous';

/**
 * How many long-lived streams (Server-Sent Events) each principal identity holds open in this process:
 * each one keeps a connection, a subscription and its snapshots' queries, so one client must not be
 * able to open thousands. Keyed by the whole identity (role, channel, locations, subject), as stores
 * sharing a subject are distinct callers. Per process: with N replicas a principal may hold N times as many.
 */
@Injectable()
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly config: AppConfig) {}

  /** Takes a slot until the response closes (client gone, stream ended, or the request refused later), or throws 429. */
  take(req: HttpRequest, reply: HttpReply): void {
    const key = req.principal ? principalKey(req.principal) : ANONYMOUS;
    const max = this.config.SSE_MAX_STREAMS_PER_PRINCIPAL;
    const held = this.open.get(key) ?? 0;
    if (held >= max) {
      reply.header('Retry-After', RETRY_AFTER_SECONDS);
      const detail = `at most ${max} event streams may be open at once; close one first`;
      throw new ProblemException(PROBLEMS.tooManyStreams, detail, { limit: max });
    }
    this.open.set(key, held + 1);
    reply.raw.once('close', () => {
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    });
  }
}

@Injectable()
export class StreamSlotInterceptor implements NestInterceptor {
  constructor(private readonly slots: StreamSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    this.slots.take(http.getRequest<HttpRequest>(), http.getResponse<HttpReply>());
    return next.handle();
  }
}

/** On an @Sse() route: each principal identity may hold at most SSE_MAX_STREAMS_PER_PRINCIPAL of its streams at once. */
export const LimitStreamsPerPrincipal = (): MethodDecorator => UseInterceptors(StreamSlotInterceptor);
