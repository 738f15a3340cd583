import { ApiProperty } from '@nestjs/swagger';
import { IsUuidId } from '@omni/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../delivery.entity';

export const DEFAULT_DELIVERY_PAGE = 50;
export const MAX_DELIVERY_PAGE = 200;

export class DeliveryParams {
  @IsUuidId() id: string;
}

export class DeliveryLogQuery {
  @ApiProperty({ enum: DELIVERY_STATUSES, required: false })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
  @ApiProperty({ required: false, minimum: 1, maximum: MAX_DELIVERY_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DELIVERY_PAGE)
  limit?: number;
  /** `nextCursor` of the previous page. */
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}
