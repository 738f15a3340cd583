import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel } from '../envelope';
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
  /** Optional since v1 was first published: lets inventory trace the movement to the order line. */
  @IsOptional() @IsString() orderId?: string;
  @IsOptional() @IsString() orderLineId?: string;
}
export const ItemRestocked = defineEvent('returns', 'returns.item-restocked', 1, ItemRestockedV1);

export class ReceivedLineV1 {
  @IsString() orderLineId: string;
  @IsInt() @Min(1) qty: number;
  /** Optional since v1 was first published. */
  @IsOptional() @IsString() sku?: string;
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

/** How returned units came back: over a store's counter, or by post to a location (usually a DC). */
export const RETURN_METHODS = ['in-store', 'post'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

export class ReturnToV1 {
  @IsIn(RETURN_METHODS) method: ReturnMethod;
  /** The store the customer will bring the items to, or the location the parcel is addressed to. */
  @IsString() locationId: string;
}

export class AuthorisedLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
  @IsString() reason: string;
}

/** A return passed the policy: these units may come back (they count against the line until received or cancelled). */
export class ReturnAuthorisedV1 {
  @IsString() returnId: string;
  @IsString() orderId: string;
  /** The channel that asked for the return, when the caller has one. */
  @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @ValidateNested() @Type(() => ReturnToV1) returnTo: ReturnToV1;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => AuthorisedLineV1) lines: AuthorisedLineV1[];
  @IsISO8601() authorisedAt: string;
}
export const ReturnAuthorised = defineEvent('returns', 'returns.return-authorised', 1, ReturnAuthorisedV1);

/** An authorised return that never came back was withdrawn: its units are returnable again. */
export class ReturnCancelledV1 {
  @IsString() returnId: string;
  @IsString() orderId: string;
  @IsOptional() @IsString() reason?: string;
}
export const ReturnCancelled = defineEvent('returns', 'returns.return-cancelled', 1, ReturnCancelledV1);

/** What inspection decided for returned units; restock and damaged go back into the receiving location's stock. */
export const DISPOSITIONS = ['restock', 'damaged', 'return-to-vendor', 'transfer'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Units of a received order line were inspected and given a disposition. */
export class LineInspectedV1 {
  @IsString() returnId: string;
  @IsString() orderId: string;
  @IsString() orderLineId: string;
  @IsString() sku: string;
  /** Where the units were received and inspected. */
  @IsString() locationId: string;
  @IsInt() @Min(1) qty: number;
  @IsIn(DISPOSITIONS) disposition: Disposition;
  /** For `transfer`: the location the units are sent to. */
  @IsOptional() @IsString() toLocationId?: string;
}
export const LineInspected = defineEvent('returns', 'returns.line-inspected', 1, LineInspectedV1);

/**
 * Returned units at `locationId` are going back to the vendor. They never became stock there, so
 * inventory has nothing to add; it may record them for traceability.
 */
export class ItemSentToVendorV1 {
  @IsString() returnId: string;
  @IsString() sku: string;
  @IsString() locationId: string;
  @IsInt() @Min(1) qty: number;
  @IsOptional() @IsString() orderId?: string;
  @IsOptional() @IsString() orderLineId?: string;
}
export const ItemSentToVendor = defineEvent('returns', 'returns.item-sent-to-vendor', 1, ItemSentToVendorV1);

/**
 * Returned units left the receiving location for another (a DC) without ever entering the receiving
 * location's stock: nothing changes there; `toLocationId` books them in when they arrive.
 */
export class ItemTransferredV1 {
  @IsString() returnId: string;
  @IsString() sku: string;
  @IsString() fromLocationId: string;
  @IsString() toLocationId: string;
  @IsInt() @Min(1) qty: number;
  @IsOptional() @IsString() orderId?: string;
  @IsOptional() @IsString() orderLineId?: string;
}
export const ItemTransferred = defineEvent('returns', 'returns.item-transferred', 1, ItemTransferredV1);
