import { minorUnits } from './money-column';

describe('minor units in a bigint column', () => {
  it('reads what pg answers (a string) as a number, and null as null', () => {
    expect(minorUnits.from('123456')).toBe(123456);
    expect(minorUnits.from('0')).toBe(0);
    expect(minorUnits.from(null)).toBeNull();
  });

  it('writes numbers as they are', () => {
    expect(minorUnits.to(1999)).toBe(1999);
    expect(minorUnits.to(null)).toBeNull();
  });

  it('is exact up to the largest safe integer', () => {
    expect(minorUnits.from(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });
});
