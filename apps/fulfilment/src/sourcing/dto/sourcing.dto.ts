import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AddressDto, DELIVERY_TYPES, MAX_ORDER_LINES, type DeliveryType, type SourcingTrigger } from '@omni/contracts';
import { LOCATION_ID_PATTERN } from '../../capacity/dto/capacity.dto';
import type { Assignment, GroupDecision, Unplaced } from '../sourcing.model';

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export class OrderIdParams {
  @IsString() @Length(1, 100) orderId: string;
}


export class DeliveryDto {
  @IsIn(DELIVERY_TYPES) type: DeliveryType;
  /** Ship and same-day lines go to an address... */
  @ValidateIf((d: DeliveryDto) => d.type !== 'pickup') @IsDefined() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  /** ...pickup lines to a store. */
  @ValidateIf((d: DeliveryDto) => d.type === 'pickup') @Matches(LOCATION_ID_PATTERN, { message: 'a pickup line needs the store locationId' }) locationId?: string;
}

export class DryRunLineDto {
  @IsOptional() @IsString() @Length(1, 100) orderLineId?: string;
  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 letters, digits, dots, dashes, colons or underscores' }) sku: string;
  @IsInt() @Min(1) @Max(100_000) qty: number;
  @IsDefined() @ValidateNested() @Type(() => DeliveryDto) delivery: DeliveryDto;
}

export class DryRunDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES) @ValidateNested({ each: true }) @Type(() => DryRunLineDto) lines: DryRunLineDto[];
  /** Count this cart hold's stock as the order's own, as a placed order carrying it would. */
  @IsOptional() @IsString() @Length(1, 100) holdId?: string;
  /** Ask "what if these locations could not serve it". */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(LOCATION_ID_PATTERN, { each: true }) excludeLocationIds?: string[];
}

export interface SourcingHistoryView {
  orderId: string;
  lines: Array<{
    orderLineId: string;
    sku: string;
    qty: number;
    deliveryType: DeliveryType;
    status: string;
    locationId: string | null;
    fulfilmentOrderId: string | null;
    attempts: number;
    excludedLocationIds: string[];
    reason: string | null;
  }>;
  decisions: Array<{
    id: string;
    trigger: SourcingTrigger;
    strategy: string;
    requestId: string | null;
    decidedAt: string;
    assignments: Assignment[];
    unfulfillable: Unplaced[];
    groups: GroupDecision[];
  }>;
}
