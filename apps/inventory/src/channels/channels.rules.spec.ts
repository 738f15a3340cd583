import {
  DEFAULT_CHANNEL_RULES,
  defaultChannelRuleStrategy as strategy,
  feedingLocations,
  type ChannelRule,
  type RuleLocation,
} from './channels.rules';

const dc: RuleLocation = { id: 'dc-1', type: 'dc', capabilities: [], active: true };
const warehouse: RuleLocation = { id: 'wh-1', type: 'warehouse', capabilities: [], active: true };
const shippingStore: RuleLocation = {
  id: 'st-ship',
  type: 'store',
  capabilities: ['sells_in_store', 'ship_from_store'],
  active: true,
};
const plainStore: RuleLocation = {
  id: 'st-plain',
  type: 'store',
  capabilities: ['sells_in_store', 'bopis'],
  active: true,
};
const closedDc: RuleLocation = { id: 'dc-closed', type: 'dc', capabilities: [], active: false };
const all = [dc, warehouse, shippingStore, plainStore, closedDc];
const ids = (ls: RuleLocation[]) => ls.map((l) => l.id);

describe('default channel rules', () => {
  it('feed web from DCs, warehouses and ship-from-store stores, never inactive locations', () => {
    expect(ids(feedingLocations(DEFAULT_CHANNEL_RULES.web, all, []))).toEqual(['dc-1', 'wh-1', 'st-ship']);
  });

  it('feed a POS its own store and the network, but not other stores that cannot ship', () => {
    expect(ids(feedingLocations(DEFAULT_CHANNEL_RULES.pos, all, ['st-plain']))).toEqual([
      'dc-1',
      'wh-1',
      'st-ship',
      'st-plain',
    ]);
    expect(ids(feedingLocations(DEFAULT_CHANNEL_RULES.pos, all, []))).toEqual(['dc-1', 'wh-1', 'st-ship']);
  });

  it('do not give online channels the caller-owned locations', () => {
    expect(ids(feedingLocations(DEFAULT_CHANNEL_RULES.web, all, ['st-plain']))).not.toContain('st-plain');
  });
});

describe('custom channel rules', () => {
  const marketplace: ChannelRule = {
    ...DEFAULT_CHANNEL_RULES.marketplace,
    sources: [{ type: 'dc' }],
    includeLocationIds: ['st-plain'],
    excludeLocationIds: ['dc-1'],
    safetyBuffer: 2,
  };

  it('lets explicit locations in and exclusions win over types', () => {
    expect(ids(feedingLocations(marketplace, all, []))).toEqual(['st-plain']);
  });

  it('never feeds an inactive location, even an explicitly included one', () => {
    expect(strategy.feeds({ ...marketplace, includeLocationIds: ['dc-closed'] }, closedDc, [])).toBe(false);
  });

  it('holds the safety buffer back from what the channel may promise', () => {
    expect(strategy.availableToPromise(marketplace, 5)).toBe(3);
    expect(strategy.availableToPromise(marketplace, 1)).toBe(0);
  });
});
