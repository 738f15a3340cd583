import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  AddressDto,
  DELIVERY_TYPES,
  IsResourceId,
  IsSku,
  MAX_ORDER_LINES,
  NestedObject,
  NestedObjects,
  type DeliveryType,
  type SourcingTrigger,
} from '@omni/contracts';
import { ApiSchema } from '@omni/platform';
import type { Assignment, GroupDecision, Unplaced } from '../sourcing.model';

export class OrderIdParams {
  @IsResourceId() orderId: string;
}

@ApiSchema({
  description: '`ship` and `same_day` lines need `address`, `pickup` lines `locationId`.',
  oneOf: [
    { properties: { type: { const: 'pickup' } }, required: ['locationId'] },
    { properties: { type: { enum: ['ship', 'same_day'] } }, required: ['address'] },
  ],
})
export class DeliveryDto {
  @IsIn(DELIVERY_TYPES) type: DeliveryType;
  /** Ship and same-day lines go to an address... */
  @ValidateIf((d: DeliveryDto) => d.type !== 'pickup')
  @IsDefined()
  @NestedObject(() => AddressDto)
  address?: AddressDto;
  /** ...pickup lines to a store. */
  @ValidateIf((d: DeliveryDto) => d.type === 'pickup') @IsResourceId() locationId?: string;
}

export class DryRunLineDto {
  @IsOptional() @IsResourceId() orderLineId?: string;
  @IsSku() sku: string;
  @IsInt() @Min(1) @Max(100_000) qty: number;
  @NestedObject(() => DeliveryDto) delivery: DeliveryDto;
}

export class DryRunDto {
  @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES) @NestedObjects(() => DryRunLineDto) lines: DryRunLineDto[];
  /** Count this cart hold's stock as the order's own, as a placed order carrying it would. */
  @IsOptional() @IsResourceId() holdId?: string;
  /** Ask "what if these locations could not serve it". */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsResourceId({ each: true }) excludeLocationIds?: string[];
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
