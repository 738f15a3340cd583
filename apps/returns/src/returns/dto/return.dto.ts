import { ApiProperty } from '@nestjs/swagger';
import {
  IsResourceId,
  IsUuidId,
  MAX_ORDER_LINES,
  NestedObject,
  NestedObjects,
  RETURN_METHODS,
  type Disposition,
  type ReturnMethod,
} from '@omni/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RETURN_REASONS, type ReturnReason } from '../../policy/policy.rules';
import type { ReturnStatus } from '../returns.rules';

const MAX_LINE_QTY = 10_000;

const byOrderLine = (line: { orderLineId?: unknown } | null) => line?.orderLineId;
const ONCE = { message: 'each orderLineId may appear only once' };

export class ReturnLineDto {
  @IsResourceId() orderLineId: string;
  @IsInt() @Min(1) @Max(MAX_LINE_QTY) qty: number;
  @ApiProperty({ enum: RETURN_REASONS }) @IsIn(RETURN_REASONS) reason: ReturnReason;
}

export class ReturnToDto {
  @ApiProperty({ enum: RETURN_METHODS }) @IsIn(RETURN_METHODS) method: ReturnMethod;
  /** A store for `in-store`, the location the parcel is addressed to (a DC) for `post`. */
  @IsResourceId() locationId: string;
}

export class AuthoriseReturnDto {
  @IsResourceId() orderId: string;
  @NestedObject(() => ReturnToDto) returnTo: ReturnToDto;
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ArrayUnique(byOrderLine, ONCE)
  @NestedObjects(() => ReturnLineDto)
  lines: ReturnLineDto[];
}

/** A customer at the counter with the order number: authorised and received at this store in one step. */
export class WalkInReturnDto {
  @IsResourceId() orderId: string;
  @IsResourceId() locationId: string;
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ArrayUnique(byOrderLine, ONCE)
  @NestedObjects(() => ReturnLineDto)
  lines: ReturnLineDto[];
}

export class ReceivedLineDto {
  @IsResourceId() orderLineId: string;
  @IsInt() @Min(0) @Max(MAX_LINE_QTY) qty: number;
}

export class ReceiveReturnDto {
  /** The location the items came back to; store staff may only name their own. */
  @IsResourceId() locationId: string;
  /** What was counted; absent when everything authorised came back. */
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ArrayUnique(byOrderLine, ONCE)
  @NestedObjects(() => ReceivedLineDto)
  lines?: ReceivedLineDto[];
}

export class ReturnParams {
  @IsUuidId() id: string;
}

export class OrderParams {
  @IsResourceId() orderId: string;
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
