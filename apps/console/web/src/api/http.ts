import type { Problem } from './types';

/** What a call to a service came back with when it was not a success: the service's problem, or no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** True when the service never answered (network down, console server unreachable). */
    readonly unreachable = false,
  ) {
    super(problem.detail ?? problem.title);
  }
}

/** A fresh Idempotency-Key; crypto.randomUUID needs a secure context, which a tablet on plain http lacks. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
