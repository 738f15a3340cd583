import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  currentStatusWord,
  FORMER_STATUS_WORDS,
  IsResourceId,
  IsUuidId,
  NestedObjects,
  REJECTION_REASONS,
  type DeliveryType,
  type FormerStatusWord,
  type FulfilmentRejectionReason,
} from '@omni/contracts';
import { ApiSchema } from '@omni/platform';
import { TASK_STATUSES, type TaskStatus } from '../task.entity';

export class TaskIdParams {
  @IsUuidId() id: string;
}

export const DEFAULT_TASK_PAGE = 50;
export const MAX_TASK_PAGE = 200;

/** Oldest first is the pick list's order (the default); newest first shows what came in last. */
export const TASK_SORTS = ['oldest', 'newest'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

// A client written before tasks shared their order lines' words still finds its tasks; answers say the new word.
const FORMER_WORDS = Object.keys(FORMER_STATUS_WORDS) as FormerStatusWord[];
const ALIASES = Object.entries(FORMER_STATUS_WORDS).map(([former, now]) => `\`${former}\` for \`${now}\``);
const STATUS_FILTER_NOTE = `Only the tasks in this status (README "Task states"). Deprecated aliases, the words tasks had before they shared their order lines': ${ALIASES.join(', ')}.`;

export class TasksQuery {
  @ApiSchema({ description: STATUS_FILTER_NOTE })
  @IsOptional()
  @Transform(({ value }) => currentStatusWord(value))
  // The former words are listed for the document (a request's are already the new ones by validation).
  @IsIn([...TASK_STATUSES, ...FORMER_WORDS])
  status?: TaskStatus;
  @IsOptional() @IsIn(TASK_SORTS) sort?: TaskSort;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_TASK_PAGE) limit?: number;
  /** `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

export class PickLineDto {
  @IsResourceId() orderLineId: string;
  @IsInt() @Min(0) @Max(100_000) pickedQty: number;
}

export class PickDto {
  @ArrayMinSize(1) @ArrayMaxSize(100) @NestedObjects(() => PickLineDto) lines: PickLineDto[];
}

export class HandoverDto {
  @Matches(/^[0-9]{6}$/, { message: 'code must be the 6-digit pickup code' }) code: string;
}

export class ShipDto {
  @IsString() @Length(1, 100) carrier: string;
  @IsString() @Length(1, 100) trackingNumber: string;
}

export class DeliverDto {
  /** When the carrier delivered (default: now); not in the future. */
  @IsOptional() @IsISO8601({ strict: true }) deliveredAt?: string;
}

export class RejectDto {
  @IsIn(REJECTION_REASONS) reason: FulfilmentRejectionReason;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export interface TaskView {
  id: string;
  fulfilmentOrderId: string;
  orderId: string;
  locationId: string;
  deliveryType: DeliveryType;
  status: TaskStatus;
  reason: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
  lines: Array<{ orderLineId: string; sku: string; qty: number; pickedQty: number | null; status: string }>;
  pickup?: { status: string; expiresAt: string; failedAttempts: number; locked: boolean; reminded: boolean };
}
