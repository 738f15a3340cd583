import type { Principal } from '@omni/platform';
import { channelFor, ownLocationsOf } from './channel-access';

const web: Principal = { sub: 'web', role: 'channel', channel: 'web', locations: [] };
const store: Principal = { sub: 'pos-1', role: 'store', locations: ['st-1'] };
const admin: Principal = { sub: 'admin', role: 'admin', locations: [] };

describe('channelFor', () => {
  it('gives a channel client its own channel and refuses another', () => {
    expect(channelFor(web, undefined)).toBe('web');
    expect(channelFor(web, 'web')).toBe('web');
    expect(() => channelFor(web, 'marketplace')).toThrow(/may not act for channel/);
  });

  it('puts store staff on the POS channel', () => {
    expect(channelFor(store, undefined)).toBe('pos');
    expect(() => channelFor(store, 'web')).toThrow(/may not act/);
  });

  it('lets an admin act for any channel, web by default', () => {
    expect(channelFor(admin, undefined)).toBe('web');
    expect(channelFor(admin, 'marketplace')).toBe('marketplace');
  });

  it('refuses a channel client whose token names no channel', () => {
    expect(() => channelFor({ ...web, channel: undefined }, 'web')).toThrow(/has no channel/);
  });
});

describe('ownLocationsOf', () => {
  it('is the store principal locations and nothing for others', () => {
    expect(ownLocationsOf(store)).toEqual(['st-1']);
    expect(ownLocationsOf({ ...admin, locations: ['x'] })).toEqual([]);
  });
});
