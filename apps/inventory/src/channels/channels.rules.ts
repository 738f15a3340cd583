// Which locations feed a channel's availability, and how much of their sellable stock it may promise.
// A strategy (Vendure's StockLocationStrategy idea): swap `ChannelRuleStrategy` to change the policy
// without touching availability, holds or SQL.
import type { Channel, LocationCapability, LocationType } from '@omni/contracts';

export interface ChannelSource {
  type: LocationType;
  /** When set, only locations of the type that have this capability. */
  capability?: LocationCapability;
}

export interface ChannelRule {
  channel: Channel;
  sources: ChannelSource[];
  /** Always feed, whatever their type (e.g. a marketplace-only warehouse). */
  includeLocationIds: string[];
  /** Never feed; wins over everything else. */
  excludeLocationIds: string[];
  /** The calling principal's own locations feed too (a POS sees its own store). */
  ownLocations: boolean;
  /** Units per location held back from this channel's promises. */
  safetyBuffer: number;
}

/** What a rule needs to know about a location. */
export interface RuleLocation {
  id: string;
  type: LocationType;
  capabilities: readonly LocationCapability[];
  active: boolean;
}

const NETWORK: ChannelSource[] = [
  { type: 'dc' },
  { type: 'warehouse' },
  { type: 'store', capability: 'ship_from_store' },
];

const onlineDefault = (channel: Channel): ChannelRule => ({
  channel,
  sources: NETWORK,
  includeLocationIds: [],
  excludeLocationIds: [],
  ownLocations: false,
  safetyBuffer: 0,
});

/** Until an admin says otherwise: online channels see DCs, warehouses and ship-from-store stores; a POS its own store and the network (endless aisle). */
export const DEFAULT_CHANNEL_RULES: Readonly<Record<Channel, ChannelRule>> = {
  web: onlineDefault('web'),
  app: onlineDefault('app'),
  callcenter: onlineDefault('callcenter'),
  marketplace: onlineDefault('marketplace'),
  pos: { ...onlineDefault('pos'), ownLocations: true },
};

export interface ChannelRuleStrategy {
  /** Does this location's stock count for the channel, for a caller who holds `ownLocationIds`? */
  feeds(rule: ChannelRule, location: RuleLocation, ownLocationIds: readonly string[]): boolean;
  /** What the channel may promise from one location's sellable units. */
  availableToPromise(rule: ChannelRule, sellable: number): number;
  /** The same figure as SQL, for reads that aggregate in the database; must mirror availableToPromise. */
  availableToPromiseSql(sellableSql: string, bufferParam: string): string;
}

export const defaultChannelRuleStrategy: ChannelRuleStrategy = {
  feeds(rule, location, ownLocationIds) {
    if (!location.active || rule.excludeLocationIds.includes(location.id)) return false;
    if (rule.includeLocationIds.includes(location.id)) return true;
    if (rule.ownLocations && ownLocationIds.includes(location.id)) return true;
    return rule.sources.some(
      (s) => s.type === location.type && (!s.capability || location.capabilities.includes(s.capability)),
    );
  },
  availableToPromise(rule, sellable) {
    return Math.max(0, sellable - rule.safetyBuffer);
  },
  availableToPromiseSql(sellableSql, bufferParam) {
    return `GREATEST(0, ${sellableSql} - ${bufferParam})`;
  },
};

export function feedingLocations<L extends RuleLocation>(
  rule: ChannelRule,
  locations: Iterable<L>,
  ownLocationIds: readonly string[],
  strategy: ChannelRuleStrategy = defaultChannelRuleStrategy,
): L[] {
  return [...locations].filter((l) => strategy.feeds(rule, l, ownLocationIds));
}
