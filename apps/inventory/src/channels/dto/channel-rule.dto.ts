import { ApiProperty } from '@nestjs/swagger';
import {
  CHANNELS,
  IsResourceId,
  LOCATION_CAPABILITIES,
  LOCATION_TYPES,
  NestedObjects,
  type Channel,
  type LocationCapability,
  type LocationType,
} from '@omni/contracts';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ChannelRule } from '../channels.rules';

export class ChannelParams {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: Channel;
}

export class ChannelSourceDto {
  @ApiProperty({ enum: LOCATION_TYPES }) @IsIn(LOCATION_TYPES) type: LocationType;
  @ApiProperty({ enum: LOCATION_CAPABILITIES, required: false })
  @IsOptional()
  @IsIn(LOCATION_CAPABILITIES)
  capability?: LocationCapability;
}

export class PutChannelRuleDto {
  @ArrayMaxSize(20) @NestedObjects(() => ChannelSourceDto) sources: ChannelSourceDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsResourceId({ each: true })
  includeLocationIds?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsResourceId({ each: true })
  excludeLocationIds?: string[];
  @IsOptional() @IsBoolean() ownLocations?: boolean;
  @IsInt() @Min(0) @Max(1_000_000) safetyBuffer: number;
}

export interface ChannelRuleView extends ChannelRule {
  /** True while no admin has set a rule for the channel. */
  isDefault: boolean;
  updatedAt: string | null;
}
