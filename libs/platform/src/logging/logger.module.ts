import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config';
import { requestContext } from '../context/request-context';
import { correlationIdOf } from './correlation-id';

// Probes and scrapes arrive every few seconds; logging each would drown the requests that matter.
const QUIET_PATHS = ['/health/', '/metrics'];

/**
 * JSON logs through pino; every line carries the correlation id of the work it belongs to.
 * `destination` defaults to stdout; tests pass a stream to read the lines back.
 */
export function createLoggerModule(config: AppConfig, service?: string, destination?: DestinationStream): DynamicModule {
  const options: Options = {
    // AppConfig has already checked LOG_LEVEL against pino's levels.
    level: config.LOG_LEVEL as LevelWithSilent,
    ...(service ? { base: { service, pid: process.pid } } : {}),
    mixin: () => ({ correlationId: requestContext.current().correlationId }),
    genReqId: (req: IncomingMessage) => correlationIdOf(req),
    quietReqLogger: true,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.some((path) => (req.url ?? '').startsWith(path)) },
  };
  return LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options });
}
