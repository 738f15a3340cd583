import { createHmac } from 'node:crypto';
import {
  isSuccess,
  nextAttemptAt,
  retryDelayMs,
  signature,
  signatureHeader,
  verifySignature,
  type RetryPolicy,
} from './deliveries.rules';

const SECRET = 'whsec_test';
const BODY = '{"id":"e-1","type":"order.shipped"}';

describe('webhook signatures', () => {
  it('sign "<t>.<body>" with HMAC-SHA256 in hex, as t=<unix>,v1=<hex>', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signature(SECRET, 1700000000, BODY)).toBe(expected);
    expect(signatureHeader(SECRET, 1700000000, BODY)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verify with the secret, within the tolerance, whatever else the header carries', () => {
    const header = signatureHeader(SECRET, 1700000000, BODY);
    expect(verifySignature(header, BODY, SECRET, 1700000100)).toBe(true);
    expect(verifySignature(`v0=abc, ${header.replace(',', ', ')}`, BODY, SECRET, 1700000100)).toBe(true);
  });

  it('refuse another secret, another body, a moved timestamp, an old one, and junk', () => {
    const header = signatureHeader(SECRET, 1700000000, BODY);
    expect(verifySignature(header, BODY, 'whsec_other', 1700000000)).toBe(false);
    expect(verifySignature(header, `${BODY} `, SECRET, 1700000000)).toBe(false);
    expect(verifySignature(header.replace('t=1700000000', 't=1700000001'), BODY, SECRET, 1700000000)).toBe(false);
    expect(verifySignature(header, BODY, SECRET, 1700000301)).toBe(false);
    for (const junk of ['', 't=x,v1=y', 'v1=', `t=1700000000,v1=${'0'.repeat(63)}`])
      expect(verifySignature(junk, BODY, SECRET, 1700000000)).toBe(false);
  });
});

describe('webhook retries', () => {
  const policy: RetryPolicy = { baseMs: 1000, maxMs: 60_000, giveUpAfterMs: 86_400_000 };

  it('double the delay at each failure up to the longest, jittered within its upper half', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1000, 2000]);
    expect(retryDelayMs(30, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(10_000, policy, () => 0.5)).toBe(45_000);
  });

  it('spread receivers that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(5, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(8000);
  });

  it('give up once the next attempt would fall past the window, counted from its start', () => {
    const start = new Date('2026-01-01T00:00:00.000Z');
    const failedAt = new Date('2026-01-01T23:59:30.000Z');
    expect(nextAttemptAt(failedAt, start, 20, policy, () => 1)).toBeNull();
    expect(nextAttemptAt(failedAt, new Date('2026-01-01T12:00:00.000Z'), 20, policy, () => 1)).toEqual(
      new Date('2026-01-02T00:00:30.000Z'),
    );
  });

  it('makes about thirty attempts in a day with the defaults (30 s, doubling to 1 h)', () => {
    const defaults: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, giveUpAfterMs: 86_400_000 };
    const start = new Date(0);
    let at: Date | null = start;
    let attempts = 0;
    while (at) {
      attempts += 1;
      at = nextAttemptAt(at, start, attempts, defaults, () => 0.5);
    }
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });

  it('count only 2xx answers as delivered', () => {
    expect([200, 204, 299].every(isSuccess)).toBe(true);
    expect([null, 199, 301, 404, 500].some(isSuccess)).toBe(false);
  });
});
