import {
  formatCode,
  handoverOutcome,
  looksLikeCode,
  MAX_CODE_ATTEMPTS,
  pickupWindow,
  type PickupState,
} from './pickups.rules';

describe('pickup rules', () => {
  const readyAt = new Date('2025-03-01T10:00:00Z');
  const waiting: PickupState = {
    status: 'waiting',
    failedAttempts: 0,
    locked: false,
    expiresAt: new Date('2025-03-08T10:00:00Z'),
  };

  it('formats 6-digit codes, keeping leading zeros', () => {
    expect(formatCode(42)).toBe('000042');
    expect(looksLikeCode(formatCode(999_999))).toBe(true);
    expect(() => formatCode(1_000_000)).toThrow(RangeError);
  });

  it('expires after the window and reminds the configured days before, never before it was ready', () => {
    expect(pickupWindow(readyAt, 7, 2)).toEqual({
      expiresAt: new Date('2025-03-08T10:00:00Z'),
      remindAt: new Date('2025-03-06T10:00:00Z'),
    });
    expect(pickupWindow(readyAt, 1, 0.5).remindAt).toEqual(new Date('2025-03-01T22:00:00Z'));
  });

  it('hands over on the right code before expiry', () => {
    expect(handoverOutcome(waiting, true, readyAt)).toEqual({ kind: 'picked_up' });
  });

  it('counts wrong codes and locks on the fifth, after which even the right code is refused', () => {
    expect(handoverOutcome(waiting, false, readyAt)).toEqual({ kind: 'wrong_code', remainingAttempts: 4 });
    expect(handoverOutcome({ ...waiting, failedAttempts: MAX_CODE_ATTEMPTS - 1 }, false, readyAt)).toEqual({
      kind: 'locked',
    });
    expect(handoverOutcome({ ...waiting, failedAttempts: 5, locked: true }, true, readyAt)).toEqual({ kind: 'locked' });
  });

  it('refuses a code once the window closed, or the pickup is no longer waiting', () => {
    expect(handoverOutcome(waiting, true, new Date('2025-03-08T10:00:00Z'))).toEqual({ kind: 'expired' });
    expect(handoverOutcome({ ...waiting, status: 'picked_up' }, true, readyAt)).toEqual({
      kind: 'closed',
      status: 'picked_up',
    });
  });
});
