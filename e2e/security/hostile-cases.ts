// What the fuzz suite sends in bodies (request targets: hostile-targets.ts): every case is invalid by construction, so the only right answer is a 4xx
// problem+json that writes nothing. Bodies travel as raw JSON text, which lets a case say what
// JSON.stringify cannot (1e400, a `__proto__` key, 1,500 levels without recursing).
import fc from 'fast-check';
import { ID_MAX_LENGTH } from '@omni/contracts';
import { hostileVariants } from '@omni/testing';
import type { ValidBody } from './route-table';

export interface HostileCase {
  /** `METHOD /template`, as the OpenAPI document names the route. */
  route: string;
  /** The raw request target, already percent-encoded (or deliberately mis-encoded). */
  target: string;
  body?: string;
  what: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Placeholders JSON.stringify writes as strings and rawJson() turns into what it cannot write.
const DEEP_ARRAYS = '\u0001deep-arrays\u0001';
const DEEP_OBJECTS = '\u0001deep-objects\u0001';
const INFINITE = '\u0001infinite\u0001';
const protoKey = (key: string) => `\u0001key:${key}\u0001`;

export function rawJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll(JSON.stringify(DEEP_ARRAYS), `${'['.repeat(1500)}${']'.repeat(1500)}`)
    .replaceAll(JSON.stringify(DEEP_OBJECTS), `${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`)
    .replaceAll(JSON.stringify(INFINITE), '1e400')
    .replace(/"\\u0001key:([a-z_]+)\\u0001"/g, '"$1"');
}

/** Refused wherever they stand, by the one input walk (input-limits.ts) or, for numbers, by every DTO's ranges. */
export const UNIVERSAL_LEAVES: Array<[string, Json]> = [
  ['NUL in a string', 'FZ\u00001'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate inside text', 'a\udc00b'],
  ['a 100,001-character string', 'x'.repeat(100_001)],
  ['arrays nested 1,500 deep', DEEP_ARRAYS],
  ['objects nested 1,500 deep', DEEP_OBJECTS],
  ['an array of 1,001 elements', new Array<Json>(1_001).fill(1)],
  ['an object of 1,001 keys', Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i]))],
  ['an object with a __proto__ key', { [protoKey('__proto__')]: { admin: true } }],
  ['an object with a constructor key', { [protoKey('constructor')]: { prototype: 1 } }],
  ['1e400 (Infinity once parsed)', INFINITE],
  ['9999999999999999999', 9999999999999999999],
  ['-1e308', -1e308],
];

/** Refused where an id or a SKU is expected (the patterns of libs/contracts/src/identifiers.ts). */
export const ID_LEAVES: Array<[string, Json]> = [
  ['a space', 'FZ 1'],
  ['HTML', '<script>alert(1)</script>'],
  ['CRLF', 'FZ\r\nSet-Cookie: x=1'],
  ['an empty string', ''],
  ['a leading dash', '-FZ'],
  ['a non-ASCII letter', 'FZé'],
  [`${ID_MAX_LENGTH + 1} characters`, 'a'.repeat(ID_MAX_LENGTH + 1)],
  ['a slash', 'a/../b'],
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

function* nodes(node: Json, path: string[] = []): Generator<{ path: string[]; node: Json }> {
  yield { path, node };
  if (Array.isArray(node)) for (const [i, v] of node.entries()) yield* nodes(v, [...path, String(i)]);
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) yield* nodes(v, [...path, k]);
}

function replaced(body: Json, path: readonly string[], value: Json): Json {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(body)) return body.map((v, i) => (String(i) === head ? replaced(v, rest, value) : v));
  const object = body as Record<string, Json>;
  return { ...object, [head]: replaced(object[head], rest, value) };
}

/** An id or SKU slot: `sku`, `id`, `...Id`, or an element of `...Ids` / `skus` / `lineIds`. */
const isIdPath = (path: readonly string[]): boolean => {
  const last = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  return /^(sku|id)$|Id$/.test(last) || (/^\d+$/.test(last) && /(Ids|skus)$/.test(parent));
};

/**
 * The deterministic sweep: every node of the valid body replaced by each shape class-validator is
 * known to let through (libs/contracts hostile-variants). Null at a named field is left out: an
 * optional field takes it as absent (the DTO specs test those one by one); null in an array or as the body is kept.
 */
export function variantCases(route: string, target: string, valid: ValidBody): HostileCase[] {
  if (valid === null) return [];
  return hostileVariants(valid)
    .filter(({ path, what }) => what !== 'null' || path === '(body)' || /(^|\.)\d+$/.test(path))
    .map(({ path, what, body }) => ({ route, target, body: rawJson(body), what: `${path} as ${what}` }));
}

/** A hostile leaf put at a random node of the valid body, or a prototype key added to a random object of it. */
export function leafCase(route: string, target: string, valid: ValidBody): fc.Arbitrary<HostileCase> {
  const body = (valid ?? {}) as Json;
  const all = [...nodes(body)];
  const objects = all.filter(({ node }) => node !== null && typeof node === 'object' && !Array.isArray(node));
  const ids = all.filter(({ path }) => isIdPath(path));
  const put = (where: { path: string[] }, [what, leaf]: [string, Json]): HostileCase => ({
    route,
    target,
    body: rawJson(replaced(body, where.path, leaf)),
    what: `${where.path.join('.') || '(body)'} as ${what}`,
  });
  const options: Array<fc.Arbitrary<HostileCase>> = [
    fc.tuple(fc.constantFrom(...all), fc.constantFrom(...UNIVERSAL_LEAVES)).map(([where, leaf]) => put(where, leaf)),
    fc
      .tuple(fc.constantFrom(...objects), fc.constantFrom(...PROTO_KEYS), fc.constantFrom<Json>(1, 'x', {}, null))
      .map(([where, key, value]) => ({
        route,
        target,
        body: rawJson(replaced(body, where.path, { ...(where.node as Record<string, Json>), [protoKey(key)]: value })),
        what: `${where.path.join('.') || '(body)'} with a ${key} key`,
      })),
  ];
  if (ids.length)
    options.push(
      fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ID_LEAVES)).map(([where, leaf]) => put(where, leaf)),
    );
  return fc.oneof(...options);
}
