import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsString, ValidateNested } from 'class-validator';
import { CHANNELS, type Channel } from '../envelope';
import { defineEvent } from '../event-definition';
import { HeldLineV1, LocationChangedV1, StockLevelChangedV1 } from './inventory.events';

// inventory's changelogs (topics.ts CHANGELOGS): on compacted topics keyed by entity, each record the
// entity's whole current state, so the newest record of a key is all a consumer needs. They are
// published beside the events of omni.inventory.v1, in the same transaction (outbox), whenever the
// entity changes. A consumer rebuilds its projection by reading them from the beginning, and keeps
// the newest by the record's own timestamp (a replay never moves a projection back).

/** A location as it is now (the shape of inventory.location-changed v1), keyed by location id. */
export const LocationSnapshot = defineEvent('inventory', 'inventory.location-snapshot', 1, LocationChangedV1, {
  changelog: 'locations',
});

/** One sku x location's figures as they are now, keyed by stockLevelKey(sku, locationId). */
export const StockLevelSnapshot = defineEvent('inventory', 'inventory.stock-level-snapshot', 1, StockLevelChangedV1, {
  changelog: 'stock-levels',
});

export const HOLD_STATUSES = ['active', 'released', 'expired', 'converted'] as const;
export type HoldStatusV1 = (typeof HOLD_STATUSES)[number];

/** A cart hold as it is now, keyed by hold id. `lines` is what it still reserves (none once it ended). */
export class HoldSnapshotV1 {
  @IsString() holdId: string;
  @IsIn(CHANNELS) channel: Channel;
  /** The owner's identity key (principalKey in libs/platform: role, channel, locations, subject), not the bare subject. */
  @IsString() principal: string;
  @IsIn(HOLD_STATUSES) status: HoldStatusV1;
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => HeldLineV1) lines: HeldLineV1[];
  @IsISO8601() expiresAt: string;
  /** When inventory wrote this state: a projection keeps the newest. */
  @IsISO8601() updatedAt: string;
}
export const HoldSnapshot = defineEvent('inventory', 'inventory.hold-snapshot', 1, HoldSnapshotV1, {
  changelog: 'holds',
});
