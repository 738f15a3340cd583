import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel } from '../envelope';
import { defineEvent } from '../event-definition';

// Events published by inventory on omni.inventory.v1. Keys: sku for stock figures (all locations of
// a SKU stay in order), the hold id for holds, the order id for allocations, the location id for
// locations, the channel for channel rules.

export const LOCATION_TYPES = ['store', 'warehouse', 'dc'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export const LOCATION_CAPABILITIES = ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns'] as const;
export type LocationCapability = (typeof LOCATION_CAPABILITIES)[number];

export class AddressV1 {
  @IsString() line1: string;
  @IsOptional() @IsString() line2?: string;
  @IsString() city: string;
  @IsOptional() @IsString() region?: string;
  @IsString() postalCode: string;
  /** ISO 3166-1 alpha-2. */
  @IsString() country: string;
}

export class LocationChangedV1 {
  @IsString() id: string;
  @IsIn(LOCATION_TYPES) type: LocationType;
  @IsString() name: string;
  @ValidateNested() @Type(() => AddressV1) address: AddressV1;
  @IsNumber() lat: number;
  @IsNumber() lng: number;
  @IsString() timezone: string;
  @IsArray() @IsIn(LOCATION_CAPABILITIES, { each: true }) capabilities: LocationCapability[];
  @IsBoolean() active: boolean;
  @IsISO8601() updatedAt: string;
}
export const LocationChanged = defineEvent('inventory', 'inventory.location-changed', 1, LocationChangedV1);

/** The figures of one sku x location after a change; sellable = max(0, onHand - reserved - safetyStock - damaged). */
export class StockLevelChangedV1 {
  @IsString() sku: string;
  @IsString() locationId: string;
  @IsInt() onHand: number;
  @IsInt() @Min(0) reserved: number;
  @IsInt() @Min(0) safetyStock: number;
  @IsInt() @Min(0) damaged: number;
  @IsInt() @Min(0) sellable: number;
  @IsISO8601() asOf: string;
}
export const StockLevelChanged = defineEvent('inventory', 'inventory.stock-level-changed', 1, StockLevelChangedV1);

export class AffectedAllocationV1 {
  @IsString() orderId: string;
  @IsString() orderLineId: string;
  @IsInt() @Min(1) qty: number;
}

export class AffectedHoldV1 {
  @IsString() holdId: string;
  @IsInt() @Min(1) qty: number;
}

/**
 * Physical stock (on hand, less damaged units) fell below what is promised at a location, e.g. a POS
 * sale of the last units held for a web cart. Owners of the listed allocations should re-source them.
 */
export class DiscrepancyDetectedV1 {
  @IsString() sku: string;
  @IsString() locationId: string;
  @IsInt() onHand: number;
  @IsInt() @Min(0) reserved: number;
  @IsInt() @Min(0) damaged: number;
  @IsInt() @Min(1) shortBy: number;
  /** The ledger movement that revealed it. */
  @IsString() movementId: string;
  @IsString() movementType: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AffectedAllocationV1) allocations: AffectedAllocationV1[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => AffectedHoldV1) holds: AffectedHoldV1[];
}
export const DiscrepancyDetected = defineEvent('inventory', 'inventory.discrepancy-detected', 1, DiscrepancyDetectedV1);

export class HeldLineV1 {
  @IsInt() @Min(1) lineNo: number;
  @IsString() sku: string;
  @IsString() locationId: string;
  @IsInt() @Min(1) qty: number;
}

/** Orders validate a cart hold carried by an order against this event. */
export class StockHeldV1 {
  @IsString() holdId: string;
  @IsIn(CHANNELS) channel: Channel;
  /** The owner's identity key (principalKey in libs/platform: role, channel, locations, subject), not the bare subject. */
  @IsString() principal: string;
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => HeldLineV1) lines: HeldLineV1[];
  @IsISO8601() expiresAt: string;
}
export const StockHeld = defineEvent('inventory', 'inventory.stock-held', 1, StockHeldV1);

export class HoldExtendedV1 {
  @IsString() holdId: string;
  @IsISO8601() expiresAt: string;
}
export const HoldExtended = defineEvent('inventory', 'inventory.hold-extended', 1, HoldExtendedV1);

/** The stock of a hold returned to sellable: `lines` is what was still held. */
export class HoldEndedV1 {
  @IsString() holdId: string;
  @IsIn(CHANNELS) channel: Channel;
  @IsArray() @ValidateNested({ each: true }) @Type(() => HeldLineV1) lines: HeldLineV1[];
}
export const HoldReleased = defineEvent('inventory', 'inventory.hold-released', 1, HoldEndedV1);
export const HoldExpired = defineEvent('inventory', 'inventory.hold-expired', 1, HoldEndedV1);

export class AllocatedLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsString() locationId: string;
  @IsInt() @Min(1) qty: number;
}

export class AllocatedV1 {
  @IsString() orderId: string;
  @IsString() requestId: string;
  @IsOptional() @IsString() holdId?: string;
  /** The lines now allocated: a requested line that had already ended (cancelled, unfulfillable) is left out. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => AllocatedLineV1) lines: AllocatedLineV1[];
}
export const Allocated = defineEvent('inventory', 'inventory.allocated', 1, AllocatedV1);

/** `order-cancelled`: every line of the request had already ended (cancelled, or given up as unfulfillable). */
export const ALLOCATION_REJECTION_REASONS = ['insufficient-stock', 'unknown-location', 'order-cancelled'] as const;
export type AllocationRejectionReason = (typeof ALLOCATION_REJECTION_REASONS)[number];

export class RejectedLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsString() locationId: string;
  @IsInt() @Min(1) requested: number;
  @IsInt() @Min(0) available: number;
  /** 0 for a line that could have been served: the request is all-or-nothing. */
  @IsInt() @Min(0) shortfall: number;
}

export class AllocationRejectedV1 {
  @IsString() orderId: string;
  @IsString() requestId: string;
  @IsIn(ALLOCATION_REJECTION_REASONS) reason: AllocationRejectionReason;
  @IsArray() @ValidateNested({ each: true }) @Type(() => RejectedLineV1) lines: RejectedLineV1[];
}
export const AllocationRejected = defineEvent('inventory', 'inventory.allocation-rejected', 1, AllocationRejectedV1);

/** What these lines reserved went back to sellable, once per line, because the line ended or left the location. */
export class AllocationReleasedV1 {
  @IsString() orderId: string;
  /** `order-cancelled`, `unfulfillable`, `short-picked` or `fulfilment-order-rejected:<reason>`. */
  @IsString() reason: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AllocatedLineV1) lines: AllocatedLineV1[];
}
export const AllocationReleased = defineEvent('inventory', 'inventory.allocation-released', 1, AllocationReleasedV1);

export class AllocationConsumedV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AllocatedLineV1) lines: AllocatedLineV1[];
}
export const AllocationConsumed = defineEvent('inventory', 'inventory.allocation-consumed', 1, AllocationConsumedV1);

export class ChannelSourceV1 {
  @IsIn(LOCATION_TYPES) type: LocationType;
  /** When set, only locations of this type with this capability feed the channel. */
  @IsOptional() @IsIn(LOCATION_CAPABILITIES) capability?: LocationCapability;
}

export class ChannelRulesChangedV1 {
  @IsIn(CHANNELS) channel: Channel;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ChannelSourceV1) sources: ChannelSourceV1[];
  @IsArray() @IsString({ each: true }) includeLocationIds: string[];
  @IsArray() @IsString({ each: true }) excludeLocationIds: string[];
  @IsBoolean() ownLocations: boolean;
  @IsInt() @Min(0) safetyBuffer: number;
  @IsISO8601() updatedAt: string;
}
export const ChannelRulesChanged = defineEvent(
  'inventory',
  'inventory.channel-rules-changed',
  1,
  ChannelRulesChangedV1,
);
