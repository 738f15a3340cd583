import { ApiProperty } from '@nestjs/swagger';
import { AddressDto, AddressV1, LOCATION_CAPABILITIES, LOCATION_TYPES, type LocationCapability, type LocationType } from '@omni/contracts';
import { Type } from 'class-transformer';
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
  Matches,
  ValidateNested,
} from 'class-validator';
import type { Location } from '../location.entity';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export class LocationIdParams {
  @Matches(ID_PATTERN, { message: 'id must be 1-64 letters, digits, dots, dashes, colons or underscores' }) id: string;
}


export class PutLocationDto {
  @ApiProperty({ enum: LOCATION_TYPES }) @IsIn(LOCATION_TYPES) type: LocationType;
  @IsString() @Length(1, 200) name: string;
  @ValidateNested() @Type(() => AddressDto) address: AddressDto;
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
