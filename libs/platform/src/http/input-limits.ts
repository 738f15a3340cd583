import { PROBLEMS } from '@omni/contracts';
import { ProblemException, type FieldError } from './problem-details';

/**
 * What any request may carry, whatever its route: checked once at the edge, so that no DTO, hash,
 * query or event ever meets a shape it would fail on with a 500. Our largest legitimate bodies are
 * far inside these (an order: depth 5, 100 lines; a channel rule: 1,000 location ids).
 */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays; the body itself is depth 1. Recursion over 1,500 levels overflowed the stack. */
  maxDepth: 32,
  maxArrayLength: 1_000,
  maxObjectKeys: 1_000,
  /** UTF-16 code units of one string value. */
  maxStringLength: 100_000,
  /** An object key (and a query parameter's name). */
  maxKeyLength: 200,
} as const;

/** Keys that name JavaScript's object machinery: refused, never silently dropped by a transform. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// NUL (Postgres `text` refuses it) or a UTF-16 surrogate that is not half of a pair (`jsonb` and the
// validators refuse those). With the `u` flag a well-formed pair is one code point, not \p{Cs}.
const FORBIDDEN_CHARACTER = /[\u0000\p{Cs}]/u;

/** Why a string may not be taken, or undefined. */
export function stringFault(value: string, maxLength: number = INPUT_LIMITS.maxStringLength): string | undefined {
  if (value.length > maxLength) return `is longer than ${maxLength} characters`;
  if (FORBIDDEN_CHARACTER.test(value)) return 'holds a NUL character or an unpaired UTF-16 surrogate';
  return undefined;
}

/** Why an object key may not be taken, or undefined. */
export function keyFault(key: string): string | undefined {
  if (PROTOTYPE_KEYS.has(key)) return `is a reserved name (${key})`;
  return stringFault(key, INPUT_LIMITS.maxKeyLength);
}

// A refused name is quoted back cut short: the problem must not echo a megabyte.
const shown = (key: string): string => (key.length > 64 ? `${key.slice(0, 64)}…` : key);
const fieldOf = (path: string): string => path || '(body)';
const child = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));
const tooMany = (path: string, limit: number, what: string): FieldError => ({
  field: fieldOf(path),
  message: `${fieldOf(path)} has more than ${limit} ${what}`,
});

/**
 * The first fault of a parsed JSON value, named by its dotted path (`lines.0.sku`, as validation
 * names fields), or undefined. Iterative, with an explicit stack: it must not itself overflow on
 * the depth it exists to refuse, and it stops at the first fault found.
 */
export function jsonInputFault(root: unknown): FieldError | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      const fault = stringFault(value);
      if (fault) return { field: fieldOf(path), message: `${fieldOf(path)} ${fault}` };
      continue;
    }
    // JSON.parse reads 1e400 as Infinity, which no column or validator range check expects.
    if (typeof value === 'number' && !Number.isFinite(value))
      return { field: fieldOf(path), message: `${fieldOf(path)} is out of range` };
    if (value === null || typeof value !== 'object') continue;
    if (depth > INPUT_LIMITS.maxDepth)
      return { field: fieldOf(path), message: `nesting deeper than ${INPUT_LIMITS.maxDepth} levels` };
    if (Array.isArray(value)) {
      if (value.length > INPUT_LIMITS.maxArrayLength) return tooMany(path, INPUT_LIMITS.maxArrayLength, 'elements');
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: child(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > INPUT_LIMITS.maxObjectKeys) return tooMany(path, INPUT_LIMITS.maxObjectKeys, 'fields');
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const fault = keyFault(key);
      if (fault)
        return { field: child(path, shown(key)), message: `the field name ${JSON.stringify(shown(key))} ${fault}` };
      stack.push({ value: (value as Record<string, unknown>)[key], path: child(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}

/** The 400 problem for faulty input, in the shape validation errors have. */
export function inputProblem(error: FieldError, where = 'The request'): ProblemException {
  return new ProblemException(PROBLEMS.invalidRequest, `${where} has input no route takes: ${error.message}`, {
    errors: [error],
  });
}
