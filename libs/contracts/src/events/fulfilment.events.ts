import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
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

/** Fulfilment chose a location for these lines and opened a fulfilment order there (tasks follow). */
export class FulfilmentOrderCreatedV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
}
export const FulfilmentOrderCreated = defineEvent('fulfilment', 'fulfilment.fulfilment-order-created', 1, FulfilmentOrderCreatedV1);

export class UnfulfillableLineV1 {
  @IsString() orderLineId: string;
  @IsString() reason: string;
}

/** No eligible location can serve these lines: sourcing has given up on them. */
export class LinesUnfulfillableV1 {
  @IsString() orderId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => UnfulfillableLineV1) lines: UnfulfillableLineV1[];
}
export const LinesUnfulfillable = defineEvent('fulfilment', 'fulfilment.lines-unfulfillable', 1, LinesUnfulfillableV1);

/** Picked and packed at a store, waiting for the customer until `expiresAt`. */
export class ReadyForPickupV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
  @IsISO8601() expiresAt: string;
}
export const ReadyForPickup = defineEvent('fulfilment', 'fulfilment.ready-for-pickup', 1, ReadyForPickupV1);

/** Lines of a fulfilment order, without a location: the fulfilment order names it. */
export class FulfilmentLinesV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
}
/** The carrier delivered a shipment. */
export const ShipmentDelivered = defineEvent('fulfilment', 'fulfilment.shipment-delivered', 1, FulfilmentLinesV1);
/** The customer did not collect before the pickup window closed; the order cancels these lines. */
export const PickupExpired = defineEvent('fulfilment', 'fulfilment.pickup-expired', 1, FulfilmentLinesV1);
