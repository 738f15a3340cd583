import { Type } from 'class-transformer';
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
  IsResourceId,
  IsUuidId,
  NestedObjects,
  REJECTION_REASONS,
  type DeliveryType,
  type FulfilmentRejectionReason,
} from '@omni/contracts';
import { TASK_STATUSES, type TaskStatus } from '../task.entity';

export class TaskIdParams {
  @IsUuidId() id: string;
}

export const DEFAULT_TASK_PAGE = 50;
export const MAX_TASK_PAGE = 200;

/** Oldest first is the pick list's order (the default); newest first shows what came in last. */
export const TASK_SORTS = ['oldest', 'newest'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export class TasksQuery {
  @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
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
