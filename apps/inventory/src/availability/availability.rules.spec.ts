import { DEFAULT_CHANNEL_RULES, defaultChannelRuleStrategy } from '../channels/channels.rules';
import { channelAvailability, distanceKm, withinRadius } from './availability.rules';

const paris = { lat: 48.8566, lng: 2.3522 };
const london = { lat: 51.5074, lng: -0.1278 };

describe('distanceKm', () => {
  it('measures Paris to London as about 344 km', () => {
    expect(distanceKm(paris, london)).toBeGreaterThan(340);
    expect(distanceKm(paris, london)).toBeLessThan(346);
  });

  it('is zero from a point to itself and symmetric', () => {
    expect(distanceKm(paris, paris)).toBe(0);
    expect(distanceKm(paris, london)).toBeCloseTo(distanceKm(london, paris), 9);
  });
});

describe('withinRadius', () => {
  it('keeps locations inside the radius, nearest first', () => {
    const stores = [
      { id: 'london', ...london },
      { id: 'far-paris', lat: 48.9, lng: 2.4 },
      { id: 'paris', ...paris },
    ];
    expect(withinRadius(paris, 50, stores).map((s) => s.id)).toEqual(['paris', 'far-paris']);
    expect(withinRadius(paris, 400, stores).map((s) => s.id)).toEqual(['paris', 'far-paris', 'london']);
  });
});

describe('channelAvailability', () => {
  it('sums what the channel may promise per location, after its safety buffer', () => {
    const rule = { ...DEFAULT_CHANNEL_RULES.web, safetyBuffer: 2 };
    const figures = channelAvailability(rule, defaultChannelRuleStrategy, [
      { locationId: 'a', onHand: 10, reserved: 3, safetyStock: 1, damaged: 0 },
      { locationId: 'b', onHand: 1, reserved: 0, safetyStock: 0, damaged: 0 },
    ]);
    expect(figures).toEqual({
      available: 4,
      locations: [
        { locationId: 'a', available: 4 },
        { locationId: 'b', available: 0 },
      ],
    });
  });
});
