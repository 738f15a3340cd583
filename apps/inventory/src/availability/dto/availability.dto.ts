import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, IsSku, type Channel, type LocationType } from '@omni/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsOptional, Max, Min, IsInt } from 'class-validator';

export const MAX_QUERY_SKUS = 500;

export class ChannelQuery {
  @ApiProperty({ enum: CHANNELS, required: false }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
}

export class AvailabilityQueryDto {
  @ApiProperty({ enum: CHANNELS, required: false }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_QUERY_SKUS, { message: `at most ${MAX_QUERY_SKUS} skus per query` })
  @IsSku({ each: true })
  skus: string[];
}

export class NearbyQuery {
  @Type(() => Number) @IsNumber() @Min(-90) @Max(90) lat: number;
  @Type(() => Number) @IsNumber() @Min(-180) @Max(180) lng: number;
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(500) radiusKm?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export interface LocationFigure {
  locationId: string;
  type: LocationType;
  available: number;
  asOf: string;
}

export interface SkuAvailability {
  sku: string;
  channel: Channel;
  available: number;
  asOf: string;
  locations: LocationFigure[];
}

export interface NearbyStore {
  locationId: string;
  name: string;
  distanceKm: number;
  available: number;
  bopis: boolean;
  asOf: string;
}
