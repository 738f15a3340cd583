import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toNumber = toInt;

/** A reminder must fall inside the pickup window it reminds about. */
@ValidatorConstraint({ name: 'reminderInsideWindow' })
class ReminderInsideWindow implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'number' && value < (args.object as AppConfig).PICKUP_WINDOW_DAYS;
  }
  defaultMessage(): string {
    return 'PICKUP_REMINDER_DAYS_BEFORE must be less than PICKUP_WINDOW_DAYS';
  }
}

/** Node refuses a server whose headers may take longer than the whole request. */
@ValidatorConstraint({ name: 'headersInsideRequest' })
class HeadersInsideRequest implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'number' && value <= (args.object as AppConfig).HTTP_REQUEST_TIMEOUT_MS;
  }
  defaultMessage(): string {
    return 'HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS';
  }
}

/** A retry's first delay cannot exceed the longest one. */
@ValidatorConstraint({ name: 'retryBaseBelowMax' })
class RetryBaseBelowMax implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'number' && value <= (args.object as AppConfig).WEBHOOK_RETRY_MAX_MS;
  }
  defaultMessage(): string {
    return 'WEBHOOK_RETRY_BASE_MS must not exceed WEBHOOK_RETRY_MAX_MS';
  }
}

/**
 * Every variable a service reads, validated once at start. `.env.example` documents each one;
 * keep the two in step.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production']) NODE_ENV: 'development' | 'test' | 'production' = 'development';
  // 0 asks the OS for a free port (tests).
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT: number;
  // Processes serving this one service (cluster workers sharing PORT), each a whole replica.
  @Transform(toInt) @IsInt() @Min(1) @Max(64) HTTP_WORKERS = 1;
  // Server limits (README "Limits and management endpoints"): a client that has not sent its request's headers, or the
  // whole request, by then is answered 408 and disconnected; an idle keep-alive connection is closed after the third.
  @Transform(toInt) @IsInt() @Min(100) @Validate(HeadersInsideRequest) HTTP_HEADERS_TIMEOUT_MS = 10_000;
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000) HTTP_REQUEST_TIMEOUT_MS = 30_000;
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000) HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;
  // Server-Sent Event streams one principal identity may hold open at once, per process.
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) SSE_MAX_STREAMS_PER_PRINCIPAL = 5;
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;
  @IsOptional() @IsString() @Matches(/^[a-z_][a-z0-9_]*$/) DATABASE_SCHEMA?: string;
  // Distinct statements a process prepares on its connections (libs/platform prepared-statements); 0 prepares none.
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000) DATABASE_PREPARED_STATEMENTS = 500;
  // Connections each process's pool opens at most (on demand); every replica of every service counts against max_connections.
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) DATABASE_POOL_SIZE = 20;
  @IsString() @IsNotEmpty() KAFKA_BROKERS: string;
  @IsOptional() @IsString() KAFKA_TOPIC_PREFIX = '';
  @Transform(toInt) @IsInt() @Min(1) @Max(256) KAFKA_PARTITIONS = 12;
  @IsOptional() @IsString() KAFKA_GROUP_ID?: string;
  @Transform(toInt) @IsInt() @Min(1) @Max(64) KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY = 8;
  @Transform(toInt) @IsInt() @Min(1) @Max(500) CONSUMER_MAX_BATCH = 32;
  @Transform(toInt) @IsInt() @Min(1) @Max(20) CONSUMER_MAX_ATTEMPTS = 5;
  @Transform(toInt) @IsInt() @Min(0) CONSUMER_RETRY_BACKOFF_MS = 200;
  @Transform(toInt) @IsInt() @Min(1000) CONSUMER_STUCK_AFTER_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(10) OUTBOX_POLL_MS = 1000;
  @Transform(toInt) @IsInt() @Min(1) @Max(8760) IDEMPOTENCY_KEY_RETENTION_HOURS = 24;
  @IsString() @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' }) JWT_SECRET: string;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  // Fulfilment: sourcing and pickups. Day figures accept decimals (tests use seconds' worth).
  @Transform(toInt) @IsInt() @Min(1) @Max(10) SOURCING_MAX_SPLITS = 3;
  @Transform(toInt) @IsInt() @Min(1) @Max(20) SOURCING_MAX_ATTEMPTS = 3;
  @Transform(toNumber) @IsNumber() @Min(0.1) @Max(500) SAME_DAY_RADIUS_KM = 30;
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'SAME_DAY_CUTOFF must be HH:MM (24h, store local time)' })
  SAME_DAY_CUTOFF = '16:00';
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1000) PICKUP_ALTERNATIVES_RADIUS_KM = 50;
  @Transform(toNumber) @IsNumber() @Min(0.00001) @Max(60) PICKUP_WINDOW_DAYS = 7;
  @Transform(toNumber) @IsNumber() @Min(0) @Validate(ReminderInsideWindow) PICKUP_REMINDER_DAYS_BEFORE = 2;
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000) PICKUP_SWEEP_MS = 5000;

  // Webhooks: a failed delivery is retried after about BASE, doubling each time up to MAX (with jitter),
  // until GIVE_UP_AFTER has passed since its first attempt (24 h). Tests shrink them to milliseconds.
  @Transform(toInt) @IsInt() @Min(10) @Validate(RetryBaseBelowMax) WEBHOOK_RETRY_BASE_MS = 30_000;
  @Transform(toInt) @IsInt() @Min(10) @Max(86_400_000) WEBHOOK_RETRY_MAX_MS = 3_600_000;
  @Transform(toInt) @IsInt() @Min(1000) @Max(30 * 86_400_000) WEBHOOK_GIVE_UP_AFTER_MS = 86_400_000;
  // One attempt, connection to last body byte of the answer's head, is given up after this.
  @Transform(toInt) @IsInt() @Min(100) @Max(60_000) WEBHOOK_TIMEOUT_MS = 10_000;
  // How often the delivery worker looks for due deliveries, and how many it sends at once (per replica).
  @Transform(toInt) @IsInt() @Min(10) @Max(60_000) WEBHOOK_POLL_MS = 1000;
  @Transform(toInt) @IsInt() @Min(1) @Max(64) WEBHOOK_CONCURRENCY = 8;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError naming every missing or bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: Partial<Record<keyof AppConfig, string>> = {},
): AppConfig {
  const merged: Record<string, string | undefined> = { ...defaults };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  const config = plainToInstance(AppConfig, merged, { excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length) {
    throw new ConfigError(
      errors.map((e) =>
        e.value === undefined
          ? `${e.property} is required`
          : `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`,
      ),
    );
  }
  return config;
}
