import { PROBLEMS } from '@omni/contracts';
import { createHash } from 'node:crypto';
import { ProblemException } from '../http/problem-details';

// Bodies reach this already held to INPUT_LIMITS.maxDepth (32) by the body parser; this bound only
// keeps the recursion from ever meeting a stack overflow (~1,500 levels) whatever calls it.
const MAX_DEPTH = 64;

/**
 * JSON with object keys sorted at every depth, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the
 * same request. Array order is kept: it is meaningful (order lines).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function sortKeys(value: unknown, depth = 1): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) {
    throw new ProblemException(PROBLEMS.invalidRequest, `The request body is nested deeper than ${MAX_DEPTH} levels`);
  }
  if (Array.isArray(value)) return value.map((inner) => sortKeys(inner, depth + 1));
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner, depth + 1)]));
}
