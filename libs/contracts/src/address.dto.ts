import { IsISO31661Alpha2, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { AddressV1 } from './events/inventory.events';

/**
 * A postal address as channels send it over HTTP: the event shape with input limits. Events keep
 * the looser AddressV1 so a consumer never rejects what a producer already accepted.
 */
export class AddressDto implements AddressV1 {
  @IsString() @Length(1, 200) line1: string;
  @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @IsString() @Length(1, 100) city: string;
  @IsOptional() @IsString() @MaxLength(100) region?: string;
  @IsString() @Length(1, 20) postalCode: string;
  @IsISO31661Alpha2() country: string;
}
