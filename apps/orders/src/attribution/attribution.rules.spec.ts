import { attribute, periodProblem, type SalesRow } from './attribution.rules';

const row = (patch: Partial<SalesRow>): SalesRow => ({
  staffId: 'ann',
  locationId: 's-1',
  currency: 'EUR',
  salesMinor: 1000,
  units: 1,
  orders: 1,
  channels: ['pos'],
  ...patch,
});

describe('sales attribution', () => {
  it('credits each associate at their store, across channels, per currency', () => {
    const report = attribute(
      [
        row({}),
        row({ currency: 'GBP', salesMinor: 300, channels: ['web'] }),
        row({ staffId: 'bob', salesMinor: 500, units: 2 }),
      ],
      [],
    );
    expect(report.associates).toEqual([
      {
        staffId: 'ann',
        locationId: 's-1',
        channels: ['pos', 'web'],
        totals: [
          { currency: 'EUR', salesMinor: 1000, refundedMinor: 0, netMinor: 1000, orders: 1, units: 1 },
          { currency: 'GBP', salesMinor: 300, refundedMinor: 0, netMinor: 300, orders: 1, units: 1 },
        ],
      },
      {
        staffId: 'bob',
        locationId: 's-1',
        channels: ['pos'],
        totals: [{ currency: 'EUR', salesMinor: 500, refundedMinor: 0, netMinor: 500, orders: 1, units: 2 }],
      },
    ]);
  });

  it('rolls associates up into their store and nets refunds', () => {
    const report = attribute(
      [row({}), row({ staffId: 'bob', salesMinor: 500, units: 2 }), row({ locationId: 's-2' })],
      [{ staffId: 'bob', locationId: 's-1', currency: 'EUR', refundedMinor: 200 }],
    );
    expect(report.stores).toEqual([
      {
        locationId: 's-1',
        totals: [{ currency: 'EUR', salesMinor: 1500, refundedMinor: 200, netMinor: 1300, orders: 2, units: 3 }],
      },
      {
        locationId: 's-2',
        totals: [{ currency: 'EUR', salesMinor: 1000, refundedMinor: 0, netMinor: 1000, orders: 1, units: 1 }],
      },
    ]);
  });

  it('refuses an empty, backwards or over-long period', () => {
    expect(periodProblem(new Date('2025-01-02'), new Date('2025-01-01'))).toMatch(/after/);
    expect(periodProblem(new Date('2024-01-01'), new Date('2025-06-01'))).toMatch(/at most/);
    expect(periodProblem(new Date('2025-01-01'), new Date('2025-02-01'))).toBeUndefined();
  });
});
