import { beforeCutoff, capacityScore, localDay, localTime, remainingCapacity, UNLIMITED } from './capacity.rules';

describe('capacity rules', () => {
  const lateUtc = new Date('2025-06-30T23:30:00Z');

  it('counts days and cut-offs in the location’s own time zone', () => {
    expect(localDay(lateUtc, 'UTC')).toBe('2025-06-30');
    expect(localDay(lateUtc, 'Europe/Berlin')).toBe('2025-07-01');
    expect(localTime(lateUtc, 'America/New_York')).toBe('19:30');
    expect(beforeCutoff(new Date('2025-06-30T14:59:00Z'), 'Europe/London', '16:00')).toBe(true);
    expect(beforeCutoff(new Date('2025-06-30T15:00:00Z'), 'Europe/London', '16:00')).toBe(false);
  });

  it('leaves no room at a full location, and scores free room', () => {
    expect(remainingCapacity(UNLIMITED)).toBe(Number.POSITIVE_INFINITY);
    expect(remainingCapacity({ ...UNLIMITED, limit: 10, used: 12 })).toBe(0);
    expect(remainingCapacity({ ...UNLIMITED, full: true })).toBe(0);
    expect(capacityScore({ ...UNLIMITED, limit: 10, used: 4 })).toBe(0.6);
    expect(capacityScore({ ...UNLIMITED, limit: 0, used: 0 })).toBe(0);
  });
});
