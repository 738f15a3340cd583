import { Module, type DynamicModule } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { performance } from 'node:perf_hooks';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent, Logger as PinoInstance } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config';
import { requestContext } from '../context/request-context';
import { correlationIdOf } from './correlation-id';

// Probes and scrapes arrive every few seconds; logging each would drown the requests that matter.
const QUIET_PATHS = ['/health/', '/metrics'];

/** A successful request this slow is logged at info even though successes are otherwise debug. */
export const SLOW_REQUEST_MS = 1000;

/**
 * JSON logs through pino; every line carries the correlation id of the work it belongs to.
 * `destination` defaults to stdout; tests pass a stream to read the lines back.
 *
 * Requests are logged by our own hook (requestLogHook, added by configureHttpApp) rather than pino-http's: pino-http
 * builds two child loggers per request and serialises the whole request into one of them before it
 * knows whether the line will be written, which cost a large share of a fast request's CPU. Errors
 * (>= 500) at error, client errors at warn, slow successes at info, every other success at debug.
 */
export function createLoggerModule(
  config: AppConfig,
  service?: string,
  destination?: DestinationStream,
): DynamicModule {
  const options: Options = {
    // AppConfig has already checked LOG_LEVEL against pino's levels.
    level: config.LOG_LEVEL as LevelWithSilent,
    ...(service ? { base: { service, pid: process.pid } } : {}),
    mixin: () => ({ correlationId: requestContext.current().correlationId }),
    // An answer's headers are mostly the dozen security headers every answer carries: noise in every line.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers'], remove: true },
  };
  return {
    module: RequestLoggingModule,
    // forRoutes: []: pino-http's middleware is not mounted; nestjs-pino still builds the root logger from these options.
    imports: [LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options, forRoutes: [] })],
    exports: [LoggerModule],
  };
}

@Module({})
export class RequestLoggingModule {}

/** The level a finished request is logged at. */
export function requestLogLevel(
  statusCode: number,
  responseTimeMs: number,
  aborted: boolean,
): 'error' | 'warn' | 'info' | 'debug' {
  // 503 is a dependency's moment (answered with Retry-After), not a bug.
  if (statusCode >= 500 && statusCode !== 503) return 'error';
  if (statusCode >= 400 || aborted) return 'warn';
  return responseTimeMs >= SLOW_REQUEST_MS ? 'info' : 'debug';
}

/** onRequest hook: logs each request once its response closes, at the level requestLogLevel says. */
export function requestLogHook(loggerOf: () => PinoInstance = () => PinoLogger.root) {
  return (request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction): void => {
    const url = request.url;
    if (QUIET_PATHS.some((path) => url.startsWith(path))) return next();
    const req = request.raw;
    const res = reply.raw;
    const start = performance.now();
    res.once('close', () => {
      const responseTime = Math.round(performance.now() - start);
      const aborted = !res.writableFinished;
      const level = requestLogLevel(res.statusCode, responseTime, aborted);
      const logger = loggerOf();
      // Most requests stop here: nothing below is built unless the line will be written.
      if (!logger.isLevelEnabled(level)) return;
      const correlationId = correlationIdOf(req);
      logger[level](
        {
          correlationId,
          req: { id: correlationId, method: req.method, url },
          res,
          responseTime,
          ...(aborted ? { aborted } : {}),
        },
        aborted ? 'request aborted' : res.statusCode >= 500 ? 'request errored' : 'request completed',
      );
    });
    next();
  };
}
