import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, IsResourceId, IsSku, IsUuidId, NestedObjects, type Channel } from '@omni/contracts';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { HoldStatus } from '../hold.entity';
import { MAX_HOLD_LINES, MAX_TTL_SECONDS } from '../holds.rules';

export class HoldLineDto {
  @IsSku() sku: string;
  @IsInt() @Min(1) @Max(10_000) qty: number;
  /** Where to hold; without it, the best location that feeds the channel. */
  @IsOptional() @IsResourceId() locationId?: string;
}

export class CreateHoldDto {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: Channel;
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOLD_LINES, { message: `a hold has at most ${MAX_HOLD_LINES} lines` })
  @NestedObjects(() => HoldLineDto)
  lines: HoldLineDto[];
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TTL_SECONDS) ttlSeconds?: number;
  /** Hold what can be held when some lines are short, instead of nothing. */
  @IsOptional() @IsBoolean() allowPartial?: boolean;
}

export class ExtendHoldDto {
  @IsInt() @Min(1) @Max(MAX_TTL_SECONDS) ttlSeconds: number;
}

export class HoldParams {
  @IsUuidId() id: string;
}

export interface HoldLineView {
  lineNo: number;
  sku: string;
  locationId: string | null;
  requested: number;
  held: number;
  shortfall: number;
}

export interface HoldView {
  id: string;
  channel: Channel;
  status: HoldStatus;
  expiresAt: string;
  createdAt: string;
  lines: HoldLineView[];
}
