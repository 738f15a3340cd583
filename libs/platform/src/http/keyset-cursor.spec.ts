import { ProblemException } from './problem-details';
import { cursorFrom, decodeCursor, encodeCursor } from './keyset-cursor';

describe('keyset cursor', () => {
  it('round-trips the position and refuses anything it did not issue', () => {
    const cursor = { at: '2026-11-24T10:00:00.000Z', id: 'o-1' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('["x","y"]').toString('base64url'))).toBeUndefined();
    expect(() => cursorFrom('not-a-cursor')).toThrow(ProblemException);
  });
});
