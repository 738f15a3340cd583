import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, IsResourceId, type Channel } from '@omni/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../../status/status.rules';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE) limit?: number;
  /** `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

export class ListOrdersQuery extends PageQuery {
  @ApiProperty({ enum: ORDER_STATUSES, required: false }) @IsOptional() @IsIn(ORDER_STATUSES) status?: OrderStatus;
  @ApiProperty({ enum: CHANNELS, required: false }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @IsOptional() @IsResourceId() locationId?: string;
}
