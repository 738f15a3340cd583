import { pickupRefusal } from './locations.rules';

describe('pickup location check', () => {
  it('accepts an active location offering BOPIS', () => {
    expect(pickupRefusal({ capabilities: ['sells_in_store', 'bopis'], active: true })).toBeUndefined();
  });

  it('refuses an unknown, inactive or non-BOPIS location, saying which', () => {
    expect(pickupRefusal(undefined)).toBe('unknown');
    expect(pickupRefusal({ capabilities: ['bopis'], active: false })).toBe('inactive');
    expect(pickupRefusal({ capabilities: ['ship_from_store'], active: true })).toBe('no-bopis');
  });
});
