import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../event-definition';

// Events published by fulfilment on omni.fulfilment.v1, keyed by order id.

export class AllocationRequestLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
  @IsString() locationId: string;
}

/** A request to inventory: allocate these lines at these locations, all or nothing (answered by inventory.allocated / allocation-rejected). */
export class AllocationRequestedV1 {
  @IsString() orderId: string;
  @IsString() requestId: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => AllocationRequestLineV1)
  lines: AllocationRequestLineV1[];
  /** The cart hold the order carried: its stock is converted before any other is taken. */
  @IsOptional() @IsString() holdId?: string;
}
export const AllocationRequested = defineEvent('fulfilment', 'fulfilment.allocation-requested', 1, AllocationRequestedV1);

export class FulfilledLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
}

/** Goods left a location: the allocation behind them is consumed. */
export class GoodsLeftV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
}
export const ShipmentDispatched = defineEvent('fulfilment', 'fulfilment.shipment-dispatched', 1, GoodsLeftV1);
export const PickupHandedOver = defineEvent('fulfilment', 'fulfilment.pickup-handed-over', 1, GoodsLeftV1);
