import { ID_MAX_LENGTH, ID_PATTERN, SKU_MAX_LENGTH, SKU_PATTERN, UUID_PATTERN } from './identifiers';

describe('the one id and SKU pattern', () => {
  it('is the pattern the README documents under "Input rules"', () => {
    expect(ID_PATTERN.source).toBe('^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$');
    expect(SKU_PATTERN.source).toBe('^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$');
  });

  it.each([
    ['an id', ID_PATTERN, ID_MAX_LENGTH],
    ['a SKU', SKU_PATTERN, SKU_MAX_LENGTH],
  ])('takes %s of 1 to its maximum length and refuses one character more', (_what, pattern, max) => {
    expect(pattern.test('a')).toBe(true);
    expect(pattern.test('a'.repeat(max))).toBe(true);
    expect(pattern.test('a'.repeat(max + 1))).toBe(false);
  });

  it.each(['', ' ', 'FZ 1', '-FZ', '.FZ', 'FZé', 'a/b', '<x>', 'FZ\r\nx', 'FZ\u0000'])(
    'refuses %j as an id and as a SKU',
    (value) => {
      expect(ID_PATTERN.test(value)).toBe(false);
      expect(SKU_PATTERN.test(value)).toBe(false);
    },
  );

  it('takes every character of the alphabet after the first', () => {
    expect(SKU_PATTERN.test('SKU-0001.a_b:c')).toBe(true);
    expect(ID_PATTERN.test('store:s-001_2.x')).toBe(true);
  });

  it('takes UUIDs in either case and nothing else where ids are uuid columns', () => {
    expect(UUID_PATTERN.test('6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7e')).toBe(true);
    expect(UUID_PATTERN.test('6F1C2A4E-9D3B-4B7A-8C1E-2F3A4B5C6D7E')).toBe(true);
    expect(UUID_PATTERN.test('6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7g')).toBe(false);
    expect(UUID_PATTERN.test('not-a-uuid')).toBe(false);
  });
});
