import { IsIn, IsInt, IsString, Min } from 'class-validator';
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
