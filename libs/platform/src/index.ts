export * from './config/app-config';
export * from './context/request-context';
export * from './database/transaction-host';
export {
  CommitOutcomeUnknownError,
  isDatabaseUnavailable,
  retryReasonOf,
  transientKindOf,
  type RetryReason,
  type TransientKind,
} from './database/transient-errors';
export * from './database/database-options';
export * from './database/database.module';
export * from './database/migration-runner';
export * from './database/query-rows';
export * from './database/json-rows';
export * from './database/money-column';
export * from './database/unnest-columns';

export * from './http/problem-details';
export * from './http/problem-details.filter';
export * from './http/validation';
export * from './http/keyset-cursor';
export * from './http/input-limits';
export * from './http/request-target-guard';
export * from './http/http-request';
export * from './http/stream-slots';
export * from './http/platform.module';
export * from './http/create-http-app';
export * from './http/response-schema';

export * from './auth/principal';
export * from './auth/token';
export * from './auth/auth.decorators';
export * from './auth/location-access';
export * from './auth/ownership';
export * from './auth/access-problems';
export * from './auth/auth.guard';

export * from './idempotency/idempotent.decorator';
export * from './idempotency/idempotency.interceptor';
export {
  claimId,
  claimKeys,
  recordResponses,
  releaseKeys,
  type IdempotencyClaim,
  type IdempotentResponse,
} from './idempotency/idempotency-store';
export * from './idempotency/idempotency-key-purger';
export * from './idempotency/idempotency-record.entity';
export * from './idempotency/idempotency.migration';
export * from './idempotency/canonical-json';

export * from './health/readiness.registry';
export * from './health/health.controller';

export * from './metrics/metrics.registry';
export * from './metrics/metrics.controller';

export * from './logging/correlation-id';
export * from './logging/logger.module';

export * from './scheduling/periodic-task';
export { transactionRetries } from './database/transaction-retry';

export * as api from './openapi/schema';
export * from './openapi/api-route.decorator';
export { ApiSchema } from './openapi/request-schemas';
export { buildOpenApiDocument, type OpenApiInfo } from './openapi/openapi-document';
