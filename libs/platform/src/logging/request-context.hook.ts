import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { requestContext, type RequestContext } from '../context/request-context';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id';

const contexts = new WeakMap<FastifyRequest, RequestContext>();

/**
 * onRequest hook, the first: runs the rest of the request inside its own request context, so
 * transactions, logs and the events a use case emits all carry the same correlation id; even a
 * malformed-body error is answered and logged under the request's id.
 */
export function requestContextHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const correlationId = correlationIdOf(request.raw);
  reply.raw.setHeader(CORRELATION_HEADER, correlationId);
  const context: RequestContext = { correlationId, causationId: null, actor: {} };
  contexts.set(request, context);
  requestContext.run(context, done);
}

/**
 * preValidation hook: the body's stream events arrive outside the request's context, so what runs
 * once it is parsed (guards, pipes, the handler, the transactions and events they write) enters it again.
 */
export function resumeRequestContext(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const context = contexts.get(request);
  if (context === undefined) done();
  else requestContext.run(context, done);
}
