import { ApiProperty } from '@nestjs/swagger';
import {
  AddressDto,
  AddressV1,
  IsResourceId,
  LOCATION_CAPABILITIES,
  LOCATION_TYPES,
  NestedObject,
  type LocationCapability,
  type LocationType,
} from '@omni/contracts';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
} from 'class-validator';
import type { Location } from '../location.entity';

export class LocationIdParams {
  @IsResourceId() id: string;
}

export class PutLocationDto {
  @ApiProperty({ enum: LOCATION_TYPES }) @IsIn(LOCATION_TYPES) type: LocationType;
  @IsString() @Length(1, 200) name: string;
  @NestedObject(() => AddressDto) address: AddressDto;
  @IsNumber() @IsLatitude() lat: number;
  @IsNumber() @IsLongitude() lng: number;
  @IsTimeZone() timezone: string;
  @ApiProperty({ enum: LOCATION_CAPABILITIES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(LOCATION_CAPABILITIES, { each: true })
  capabilities: LocationCapability[];
  @IsBoolean() active: boolean;
}

export class ListLocationsQuery {
  @IsOptional() @IsIn(LOCATION_TYPES) type?: LocationType;
  @IsOptional() @IsIn(LOCATION_CAPABILITIES) capability?: LocationCapability;
}

export interface LocationView {
  id: string;
  type: LocationType;
  name: string;
  address: AddressV1;
  lat: number;
  lng: number;
  timezone: string;
  capabilities: LocationCapability[];
  active: boolean;
  updatedAt: string;
}

export function toLocationView(l: Location): LocationView {
  return {
    id: l.id,
    type: l.type,
    name: l.name,
    address: l.address,
    lat: l.lat,
    lng: l.lng,
    timezone: l.timezone,
    capabilities: l.capabilities,
    active: l.active,
    updatedAt: l.updatedAt.toISOString(),
  };
}
