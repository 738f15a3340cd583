import { INPUT_LIMITS, jsonInputFault } from './input-limits';

/** `levels` arrays, one inside the other, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('jsonInputFault (the one walk every JSON body takes)', () => {
  it('takes an ordinary order body', () => {
    const order = {
      channel: 'web',
      customer: { id: 'c-1', email: 'c@example.com' },
      lines: [{ sku: 'SKU-1', qty: 2, note: 'Ünïcødé 😀' }],
    };
    expect(jsonInputFault(order)).toBeUndefined();
  });

  it(`takes nesting up to ${INPUT_LIMITS.maxDepth} levels and refuses one more, naming where`, () => {
    expect(jsonInputFault(nested(INPUT_LIMITS.maxDepth))).toBeUndefined();
    expect(jsonInputFault(nested(INPUT_LIMITS.maxDepth + 1))).toMatchObject({
      message: expect.stringContaining('nesting deeper'),
    });
  });

  it('refuses 1,500 and 100,000 levels without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(jsonInputFault(deep)).toMatchObject({ field: expect.stringMatching(/^0(\.0)+$/) });
    expect(jsonInputFault({ a: nested(1_500) })).toMatchObject({ field: expect.stringMatching(/^a(\.0)+$/) });
  });

  it.each([
    ['NUL in a value', { lines: [{ sku: 'A\u0000B' }] }, 'lines.0.sku'],
    ['a lone high surrogate', { customer: { email: 'a\ud800@example.com' } }, 'customer.email'],
    ['a lone low surrogate', { note: '\udc00' }, 'note'],
    ['a surrogate pair reversed', { note: '\udc00\ud800' }, 'note'],
    ['a string over the limit', { note: 'x'.repeat(INPUT_LIMITS.maxStringLength + 1) }, 'note'],
    ['an array over the limit', { skus: new Array(INPUT_LIMITS.maxArrayLength + 1).fill('A') }, 'skus'],
    [
      'an object with too many keys',
      { bag: Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxObjectKeys + 1 }, (_, i) => [`k${i}`, i])) },
      'bag',
    ] as const,
    ['Infinity (1e400 as JSON.parse reads it)', JSON.parse('{"qty":1e400}'), 'qty'],
    ['NUL in a key', JSON.parse('{"a\\u0000":1}'), 'a\u0000'],
    ['a lone surrogate at the top level of an array body', ['ok', '\ud800'], '1'],
  ])('refuses %s, naming the field', (_what, body, field) => {
    expect(jsonInputFault(body)).toMatchObject({ field });
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s (JSON.parse makes it an own key), at any depth',
    (key) => {
      expect(jsonInputFault(JSON.parse(`{"${key}":{"x":1}}`))).toMatchObject({
        field: key,
        message: expect.stringContaining('reserved'),
      });
      expect(jsonInputFault(JSON.parse(`{"lines":[{"sku":"A","${key}":1}]}`))).toMatchObject({
        field: `lines.0.${key}`,
      });
    },
  );

  it('takes a well-formed surrogate pair and a key that only contains a reserved word', () => {
    expect(jsonInputFault({ note: '😀', constructorName: 'x', proto: 1 })).toBeUndefined();
  });
});
