import { ApiProperty } from '@nestjs/swagger';
import { MAX_ORDER_LINES, NestedObject, NestedObjects, RETURN_METHODS, type Disposition, type ReturnMethod } from '@omni/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { RETURN_REASONS, type ReturnReason } from '../../policy/policy.rules';
import type { ReturnStatus } from '../returns.rules';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ID_MESSAGE = 'must be 1-128 letters, digits, dots, dashes, colons or underscores';
const MAX_LINE_QTY = 10_000;

const byOrderLine = (line: { orderLineId?: unknown } | null) => line?.orderLineId;
const ONCE = { message: 'each orderLineId may appear only once' };

export class ReturnLineDto {
  @Matches(ID_PATTERN, { message: `orderLineId ${ID_MESSAGE}` }) orderLineId: string;
  @IsInt() @Min(1) @Max(MAX_LINE_QTY) qty: number;
  @ApiProperty({ enum: RETURN_REASONS }) @IsIn(RETURN_REASONS) reason: ReturnReason;
}

export class ReturnToDto {
  @ApiProperty({ enum: RETURN_METHODS }) @IsIn(RETURN_METHODS) method: ReturnMethod;
  /** A store for `in-store`, the location the parcel is addressed to (a DC) for `post`. */
  @Matches(ID_PATTERN, { message: `locationId ${ID_MESSAGE}` }) locationId: string;
}

export class AuthoriseReturnDto {
  @Matches(ID_PATTERN, { message: `orderId ${ID_MESSAGE}` }) orderId: string;
  @NestedObject(() => ReturnToDto) returnTo: ReturnToDto;
  @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES) @ArrayUnique(byOrderLine, ONCE) @NestedObjects(() => ReturnLineDto)
  lines: ReturnLineDto[];
}

/** A customer at the counter with the order number: authorised and received at this store in one step. */
export class WalkInReturnDto {
  @Matches(ID_PATTERN, { message: `orderId ${ID_MESSAGE}` }) orderId: string;
  @Matches(ID_PATTERN, { message: `locationId ${ID_MESSAGE}` }) locationId: string;
  @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES) @ArrayUnique(byOrderLine, ONCE) @NestedObjects(() => ReturnLineDto)
  lines: ReturnLineDto[];
}

export class ReceivedLineDto {
  @Matches(ID_PATTERN, { message: `orderLineId ${ID_MESSAGE}` }) orderLineId: string;
  @IsInt() @Min(0) @Max(MAX_LINE_QTY) qty: number;
}

export class ReceiveReturnDto {
  /** The location the items came back to; store staff may only name their own. */
  @Matches(ID_PATTERN, { message: `locationId ${ID_MESSAGE}` }) locationId: string;
  /** What was counted; absent when everything authorised came back. */
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES) @ArrayUnique(byOrderLine, ONCE) @NestedObjects(() => ReceivedLineDto)
  lines?: ReceivedLineDto[];
}

export class ReturnParams {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id is not a return id' }) id: string;
}

export class OrderParams {
  @Matches(ID_PATTERN, { message: `orderId ${ID_MESSAGE}` }) orderId: string;
}

export interface DispositionView {
  disposition: Disposition;
  qty: number;
  toLocationId: string | null;
  note: string | null;
  inspectedAt: string;
}

export interface ReturnLineView {
  orderLineId: string;
  sku: string;
  reason: ReturnReason;
  authorisedQty: number;
  receivedQty: number | null;
  unitPriceMinor: number;
  dispositions: DispositionView[];
  refund: { qty: number; feeMinor: number; amountMinor: number } | null;
}

export interface ReturnView {
  id: string;
  orderId: string;
  status: ReturnStatus;
  channel: string | null;
  customerId: string;
  returnTo: { method: ReturnMethod; locationId: string };
  authorisedAt: string;
  received: { locationId: string; at: string } | null;
  inspectedAt: string | null;
  cancelledAt: string | null;
  currency: string;
  refund: { totalMinor: number; currency: string } | null;
  lines: ReturnLineView[];
}
