import { ApiProperty } from '@nestjs/swagger';
import { ApiSchema } from '@omni/platform';
import {
  AddressDto,
  CHANNELS,
  DELIVERY_TYPES,
  IsResourceId,
  IsSku,
  MAX_ORDER_LINES,
  NestedObject,
  NestedObjects,
  type Channel,
  type DeliveryType,
} from '@omni/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export const MAX_LINE_QTY = 10_000;
// Keeps qty x price far inside Number.MAX_SAFE_INTEGER.
export const MAX_UNIT_PRICE_MINOR = 10_000_000_000;

/** `ship` and `same_day` go to an address; `pickup` is collected at a BOPIS store. */
@ApiSchema({
  description: '`ship` and `same_day` lines need `address`, `pickup` lines `locationId`.',
  oneOf: [
    { properties: { type: { const: 'pickup' } }, required: ['locationId'] },
    { properties: { type: { enum: ['ship', 'same_day'] } }, required: ['address'] },
  ],
})
export class DeliveryDto {
  @ApiProperty({ enum: DELIVERY_TYPES }) @IsIn(DELIVERY_TYPES) type: DeliveryType;
  @ValidateIf((d: DeliveryDto) => d.type !== 'pickup')
  @IsDefined({ message: 'address is required for ship and same_day deliveries' })
  @NestedObject(() => AddressDto)
  address?: AddressDto;
  @ValidateIf((d: DeliveryDto) => d.type === 'pickup')
  @IsDefined({ message: 'locationId is required for a pickup' })
  @IsResourceId()
  locationId?: string;
}

export class OrderLineDto {
  @IsSku() sku: string;
  @IsInt() @Min(1, { message: 'qty must be a positive integer' }) @Max(MAX_LINE_QTY) qty: number;
  /** Integer minor units of `currency` (cents for EUR). */
  @IsInt() @Min(0) @Max(MAX_UNIT_PRICE_MINOR) unitPrice: number;
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency: string;
  @NestedObject(() => DeliveryDto) delivery: DeliveryDto;
}

export class CustomerDto {
  @IsResourceId() id: string;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsString() @Length(3, 40) phone?: string;
}

export class AssistedByDto {
  @IsResourceId() staffId: string;
  @IsResourceId() locationId: string;
}

export class PlaceOrderDto {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: Channel;
  @NestedObject(() => CustomerDto) customer: CustomerDto;
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES, { message: `an order has at most ${MAX_ORDER_LINES} lines` })
  @NestedObjects(() => OrderLineDto)
  lines: OrderLineDto[];
  /** A cart hold of the caller whose stock the order should take first. */
  @IsOptional() @IsResourceId() holdId?: string;
  /** The store associate credited with the sale, whichever channel completes it. */
  @IsOptional() @NestedObject(() => AssistedByDto) assistedBy?: AssistedByDto;
  /** The order's id in the channel that took it, e.g. a marketplace order id; unique per channel. */
  @IsOptional() @IsString() @Length(1, 100) externalRef?: string;
}
