import { UUID_PATTERN } from '@omni/contracts';
import type { AppConfig } from '../config/app-config';
import { ProblemException } from './problem-details';
import { CursorCodec } from './keyset-cursor';

const codec = new CursorCodec({ JWT_SECRET: 'unit-test-secret-0123456789' } as AppConfig);
const other = new CursorCodec({ JWT_SECRET: 'another-secret-0123456789' } as AppConfig);
const position = { at: '2026-11-24T10:00:00.000Z', id: '6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7e' };

/** The status and field a cursor is refused with (or 'accepted'). */
function verdict(raw: string, list = 'orders', pattern?: RegExp): string {
  try {
    codec.decodeKeyset(list, raw, pattern);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return `${error.getStatus()} ${error.problem.errors?.[0]?.field}`;
  }
}

const unsigned = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
/** A cursor signed with the real key around a payload of our choosing: what a leaked key or an old release could produce. */
const signed = (payload: unknown, list = 'orders') => codec.seal(list, JSON.stringify(payload));

describe('CursorCodec', () => {
  it('round-trips a position it issued', () => {
    expect(codec.decodeKeyset('orders', codec.encodeKeyset('orders', position))).toEqual(position);
    expect(codec.decodeKeyset('tasks', codec.encodeKeyset('tasks', position), UUID_PATTERN)).toEqual(position);
  });

  it('refuses a well-formed but unsigned cursor (the old format) with a 400 naming cursor', () => {
    expect(verdict(unsigned([position.at, position.id]))).toBe('400 cursor');
  });

  it('refuses a tampered cursor: payload edited, MAC edited, MAC of another key or of another list', () => {
    const good = codec.encodeKeyset('orders', position);
    const [body, mac] = good.split('.');
    const edited = unsigned(['2026-11-24T10:00:00.001Z', position.id]);
    expect(verdict(`${edited}.${mac}`)).toBe('400 cursor');
    const flipped = Buffer.from(mac, 'base64url');
    flipped[0] ^= 1;
    expect(verdict(`${body}.${flipped.toString('base64url')}`)).toBe('400 cursor');
    expect(verdict(other.encodeKeyset('orders', position))).toBe('400 cursor');
    expect(verdict(good, 'tasks')).toBe('400 cursor');
    expect(verdict(`${good}.x`)).toBe('400 cursor');
    expect(verdict(`${body}.${mac}=`)).toBe('400 cursor');
  });

  it.each([
    ['not a cursor', 'not-a-cursor'],
    ['empty', ''],
    ['a lone dot', '.'],
    ['longer than any cursor issued', `${'a'.repeat(400)}.${'b'.repeat(43)}`],
  ])('refuses %s', (_what, raw) => {
    expect(verdict(raw)).toBe('400 cursor');
  });

  // Signed but out of range: what an older release, or a bug, might have issued. Never a 500 downstream.
  it.each([
    ['a huge number for the instant', ['9999999999999999999', position.id]],
    ['year 0', ['0000-01-01T00:00:00.000Z', position.id]],
    ['year +275760', ['+275760-09-13T00:00:00.000Z', position.id]],
    ['year 1969', ['1969-12-31T23:59:59.999Z', position.id]],
    ['February 30th', ['2026-02-30T00:00:00.000Z', position.id]],
    ['an instant without milliseconds', ['2026-11-24T10:00:00Z', position.id]],
    ['an id with a space', [position.at, 'o 1']],
    ['an id with NUL', [position.at, 'o\u00001']],
    ['a number for the id', [position.at, 7]],
    ['three members', [position.at, position.id, 'x']],
    ['an object', { at: position.at, id: position.id }],
  ])('refuses a signed cursor carrying %s', (_what, payload) => {
    expect(verdict(signed(payload))).toBe('400 cursor');
  });

  it('refuses a non-UUID id where the list keys by UUID', () => {
    expect(verdict(signed([position.at, 'o-1'], 'tasks'), 'tasks', UUID_PATTERN)).toBe('400 cursor');
    expect(verdict(signed([position.at, 'o-1']), 'orders')).toBe('accepted');
  });

  it('seals and opens a plain payload (a ledger id) for its own list only', () => {
    const cursor = codec.seal('stock-movements', '12345');
    expect(codec.open('stock-movements', cursor)).toBe('12345');
    expect(() => codec.open('orders', cursor)).toThrow(ProblemException);
    expect(() => codec.open('stock-movements', Buffer.from('12345').toString('base64url'))).toThrow(ProblemException);
  });
});
