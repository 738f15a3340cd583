// Hostile JSON shapes for property tests of the contracts and of every DTO that feeds them: pure
// data, so the contracts' own specs can use them without depending on the testing harness.
/** A valid body with one node replaced by a shape class-validator is known to let through where it should not. */
export interface HostileVariant {
  /** Dotted path of the replaced node ('(body)' for the whole body). */
  path: string;
  what: string;
  body: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What may stand where an object is declared: an array of it (`@ValidateNested` validates the elements), `[]`, null, primitives, an extra field. */
function forObject(node: Record<string, Json>): Array<[string, Json]> {
  return [
    ['an empty array', []],
    ['an array of it', [node]],
    ['a nested array of it', [[node]]],
    ['null', null],
    ['a number', 42],
    ['a string', 'x'],
    ['true', true],
    ['it with an extra field', { ...node, extra: 1 }],
  ];
}

function forArray(node: Json[]): Array<[string, Json]> {
  return [
    ['an object', {}],
    ['an object keyed like it', Object.fromEntries(node.map((v, i) => [String(i), v]))],
    ['an array of it', [node]],
    ['null', null],
    ['a number', 42],
    ['a string', 'x'],
    ['an array holding null', [null]],
    ['an array holding a number', [42]],
  ];
}

function forLeaf(node: Json): Array<[string, Json]> {
  const flipped: Array<[string, Json]> =
    typeof node === 'string'
      ? [['a number', 42]]
      : typeof node === 'number'
        ? [['a numeric string', String(node)]]
        : [['a string', String(node)]];
  return [['null', null], ['an empty array', []], ['an array of it', [node]], ['an object', {}], ...flipped];
}

function replaced(body: Json, path: readonly string[], value: Json): Json {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(body)) return body.map((v, i) => (String(i) === head ? replaced(v, rest, value) : v));
  return { ...(body as Record<string, Json>), [head]: replaced((body as Record<string, Json>)[head], rest, value) };
}

function* nodes(node: Json, path: string[] = []): Generator<[string[], Json]> {
  yield [path, node];
  if (Array.isArray(node)) for (const [i, v] of node.entries()) yield* nodes(v, [...path, String(i)]);
  else if (isObject(node)) for (const [k, v] of Object.entries(node)) yield* nodes(v, [...path, k]);
}

/**
 * Every node of a valid body (the body itself included) replaced in turn by each hostile shape for
 * its kind: the matrix every DTO is tested with (array, null, primitive, nested array, extra fields;
 * docs/architecture.md, "Conventions").
 */
export function hostileVariants(valid: unknown): HostileVariant[] {
  const body = JSON.parse(JSON.stringify(valid)) as Json;
  const variants: HostileVariant[] = [];
  for (const [path, node] of nodes(body)) {
    const shapes = Array.isArray(node) ? forArray(node) : isObject(node) ? forObject(node) : forLeaf(node);
    for (const [what, value] of shapes)
      variants.push({ path: path.join('.') || '(body)', what, body: replaced(body, path, value) });
  }
  return variants;
}
