import { holdVerdict, NOT_YET, type HoldFacts } from './holds.rules';

const now = new Date('2025-01-01T12:00:00Z');
const hold = (patch: Partial<HoldFacts> = {}): HoldFacts => ({
  principal: 'web-1',
  status: 'active',
  expiresAt: new Date('2025-01-01T12:15:00Z'),
  orderId: null,
  ...patch,
});

describe('whether an order may carry a hold', () => {
  it('accepts an active hold of the caller', () => {
    expect(holdVerdict(hold(), 'web-1', now)).toBeUndefined();
  });

  it('refuses a hold known to be another principal\'s, but says "not yet" of one it has never heard of', () => {
    expect(holdVerdict(hold(), 'web-2', now)).toBe('not-yours');
    expect(holdVerdict(undefined, 'web-1', now)).toBe(NOT_YET);
  });

  it('refuses a released or expired hold, including one past its expiry whose event has not arrived', () => {
    expect(holdVerdict(hold({ status: 'released' }), 'web-1', now)).toBe('released');
    expect(holdVerdict(hold({ status: 'expired' }), 'web-1', now)).toBe('expired');
    expect(holdVerdict(hold({ expiresAt: new Date('2025-01-01T11:59:59Z') }), 'web-1', now)).toBe('expired');
  });

  it('refuses a hold already carried by an order or converted into an allocation', () => {
    expect(holdVerdict(hold({ orderId: 'o-1' }), 'web-1', now)).toBe('used');
    expect(holdVerdict(hold({ status: 'converted' }), 'web-1', now)).toBe('used');
  });
});
