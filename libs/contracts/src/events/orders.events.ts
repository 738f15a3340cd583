import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Min,
} from 'class-validator';
import { CHANNELS, type Channel } from '../envelope';
import { defineEvent } from '../event-definition';
import { NestedObject, NestedObjects } from '../nested';
import { AddressV1 } from './inventory.events';

// Events published by orders on omni.orders.v1, keyed by order id.

export const DELIVERY_TYPES = ['ship', 'pickup', 'same_day'] as const;
export type DeliveryType = (typeof DELIVERY_TYPES)[number];

export const MAX_ORDER_LINES = 100;

/** How a line reaches the customer: an address for `ship` and `same_day`, a store for `pickup`. */
export class OrderDeliveryV1 {
  @IsIn(DELIVERY_TYPES) type: DeliveryType;
  @IsOptional() @NestedObject(() => AddressV1) address?: AddressV1;
  @IsOptional() @IsString() locationId?: string;
}

export class OrderCustomerV1 {
  @IsString() id: string;
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsString() phone?: string;
}

/** The store associate credited with the sale, whichever channel completed it. */
export class AssistedByV1 {
  @IsString() staffId: string;
  @IsString() locationId: string;
}

export class PlacedLineV1 {
  @IsString() orderLineId: string;
  @IsInt() @Min(1) lineNo: number;
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
  /** Integer minor units of `currency`. */
  @IsInt() @Min(0) unitPriceMinor: number;
  /** ISO 4217. */
  @Matches(/^[A-Z]{3}$/) currency: string;
  @NestedObject(() => OrderDeliveryV1) delivery: OrderDeliveryV1;
}

/** Everything fulfilment needs to source an order. */
export class OrderPlacedV1 {
  @IsString() orderId: string;
  @IsIn(CHANNELS) channel: Channel;
  @NestedObject(() => OrderCustomerV1) customer: OrderCustomerV1;
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @NestedObjects(() => PlacedLineV1)
  lines: PlacedLineV1[];
  /** The cart hold whose stock the order should be allocated from first. */
  @IsOptional() @IsString() holdId?: string;
  @IsOptional() @NestedObject(() => AssistedByV1) assistedBy?: AssistedByV1;
  /** The order's id in the channel that took it (e.g. a marketplace order id). */
  @IsOptional() @IsString() externalRef?: string;
  @IsISO8601() placedAt: string;
}
export const OrderPlaced = defineEvent('orders', 'orders.order-placed', 1, OrderPlacedV1);

/** Lines orders closed itself: an order cancelled while still pending (never placed), or a no-show fulfilment expired. */
export class OrderCancelledV1 {
  @IsString() orderId: string;
  /** The cancelled lines; absent when the whole order is cancelled. */
  @IsOptional() @IsArray() @IsString({ each: true }) lineIds?: string[];
  /** Why, as given by the canceller (`pickup-expired` for a no-show). */
  @IsOptional() @IsString() reason?: string;
}
export const OrderCancelled = defineEvent('orders', 'orders.order-cancelled', 1, OrderCancelledV1);

/**
 * The customer asked to cancel placed lines. Fulfilment holds their goods, so fulfilment decides:
 * fulfilment.cancel-decided cancels each line or refuses it (its goods had already left).
 */
export class CancelRequestedV1 {
  @IsString() orderId: string;
  @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES) @IsString({ each: true }) lineIds: string[];
  @IsOptional() @IsString() reason?: string;
}
export const CancelRequested = defineEvent('orders', 'orders.cancel-requested', 1, CancelRequestedV1);
