import { ProblemException } from '../http/problem-details';
import { canonicalJson, requestHash } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object members at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('keeps array order, which is meaningful', () => {
    expect(requestHash({ lines: [1, 2] })).not.toBe(requestHash({ lines: [2, 1] }));
  });

  it('hashes an absent body like null', () => {
    expect(requestHash(undefined)).toBe(requestHash(null));
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
  });

  it('refuses 1,500 levels with a 400 problem, not a stack overflow', () => {
    const deep = JSON.parse(`${'['.repeat(1500)}${']'.repeat(1500)}`);
    expect(() => requestHash(deep)).toThrow(ProblemException);
    expect(() => requestHash(JSON.parse(`${'['.repeat(64)}${']'.repeat(64)}`))).not.toThrow();
  });
});
