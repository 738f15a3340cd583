import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../event-definition';

// Events published by returns on omni.returns.v1, keyed by return id.

export const RESTOCK_DISPOSITIONS = ['restock', 'damaged'] as const;
export type RestockDisposition = (typeof RESTOCK_DISPOSITIONS)[number];

/** Returned units put back into the stock of the store that received them. */
export class ItemRestockedV1 {
  @IsString() returnId: string;
  @IsString() sku: string;
  @IsString() locationId: string;
  @IsInt() @Min(1) qty: number;
  @IsIn(RESTOCK_DISPOSITIONS) disposition: RestockDisposition;
}
export const ItemRestocked = defineEvent('returns', 'returns.item-restocked', 1, ItemRestockedV1);

export class ReceivedLineV1 {
  @IsString() orderLineId: string;
  @IsInt() @Min(1) qty: number;
}

/** Items of an order's lines came back at a location (before inspection). */
export class ItemsReceivedV1 {
  @IsString() returnId: string;
  @IsString() orderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ReceivedLineV1) lines: ReceivedLineV1[];
}
export const ItemsReceived = defineEvent('returns', 'returns.items-received', 1, ItemsReceivedV1);

export class RefundLineV1 {
  @IsString() orderLineId: string;
  @IsInt() @Min(1) qty: number;
  /** Integer minor units of `currency`. */
  @IsInt() @Min(0) amountMinor: number;
  @Matches(/^[A-Z]{3}$/) currency: string;
}

/** What the customer gets back for a return, per order line. */
export class RefundDecidedV1 {
  @IsString() returnId: string;
  @IsString() orderId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => RefundLineV1) lines: RefundLineV1[];
  @IsInt() @Min(0) totalMinor: number;
  @Matches(/^[A-Z]{3}$/) currency: string;
}
export const RefundDecided = defineEvent('returns', 'returns.refund-decided', 1, RefundDecidedV1);
