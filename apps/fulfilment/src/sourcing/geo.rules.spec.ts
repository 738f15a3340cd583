import { haversineKm, placeAddress } from './geo.rules';
import { CAMDEN, DC, SOHO } from './sourcing.fixtures';

describe('geo rules', () => {
  it('measures great-circle distance', () => {
    expect(haversineKm(SOHO, DC)).toBeGreaterThan(255);
    expect(haversineKm(SOHO, DC)).toBeLessThan(265);
    expect(haversineKm(SOHO, SOHO)).toBe(0);
  });

  it('places an address at the locations sharing its longest postcode prefix, then its city', () => {
    const known = [DC, SOHO, CAMDEN];
    expect(placeAddress({ postalCode: 'w1d 4ab', city: 'London', country: 'GB' }, known)).toMatchObject({
      known: true,
      lat: SOHO.lat,
      basis: 'postcode prefix W1D',
    });
    const city = placeAddress({ postalCode: 'E1 6AN', city: 'london', country: 'GB' }, known);
    expect(city).toMatchObject({ known: true, lat: (SOHO.lat + CAMDEN.lat) / 2, basis: 'city london' });
    expect(placeAddress({ postalCode: 'W1D 4AB', city: 'London', country: 'FR' }, known)).toMatchObject({
      known: false,
    });
    expect(placeAddress(undefined, known)).toMatchObject({ known: false });
  });
});
