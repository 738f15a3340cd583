// What the fuzz suite sends in request targets: path parameters no route takes, hostile queries and
// cursors this API never issued. Each is refused whatever the parameter's kind, so a 2xx is a gap.
import fc from 'fast-check';
import { ID_MAX_LENGTH } from '@omni/contracts';
import { rawJson, type HostileCase } from './hostile-cases';
import { GET_QUERIES, LOOKUP_ROUTES, REQUIRED_QUERY, validParam, type QueryKind, type ValidBody } from './route-table';

/** Path segments refused for any parameter, whatever its kind (sent raw: some are deliberately mis-encoded). */
export const BAD_SEGMENTS: Array<[string, string]> = [
  ['NUL', '%00'],
  ['NUL inside', 'FZ%001'],
  ['a lone high surrogate (UTF-8 bytes)', '%ED%A0%80'],
  ['a lone low surrogate (UTF-8 bytes)', 'a%ED%B0%80'],
  ['a truncated escape', '%E0%A4%A'],
  ['a bad escape', '%zz'],
  ['a stray percent', '100%'],
  ['a space', 'FZ%201'],
  ['HTML', '%3Cscript%3Ex%3C%2Fscript%3E'],
  ['CRLF', 'FZ%0D%0ASet-Cookie:%20x'],
  [`${ID_MAX_LENGTH + 1} characters`, 'a'.repeat(ID_MAX_LENGTH + 1)],
  ['2,001 characters', 'a'.repeat(2_001)],
  ['a non-ASCII letter', 'FZ%C3%A9'],
  ['a leading dash', '-FZ'],
];
/** Refused (a UUID column) or unknown (404) on LOOKUP_ROUTES; elsewhere a well-formed id of nothing is an empty list, or a create. */
export const LOOKUP_SEGMENTS: Array<[string, string]> = [
  ['a huge number', '9999999999999999999'],
  ['not a UUID', 'not-a-uuid'],
  ['a UUID with a bad digit', '6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7g'],
];

export const paramsOf = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** The template with every parameter valid but `bad`, which gets `segment` (raw). */
export function targetFor(template: string, bad?: string, segment?: string): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    name === bad ? (segment as string) : encodeURIComponent(validParam(name)),
  );
}

export function pathParamCase(
  route: string,
  template: string,
  valid?: ValidBody,
): fc.Arbitrary<HostileCase> | undefined {
  const params = paramsOf(template);
  if (!params.length) return undefined;
  const segments = LOOKUP_ROUTES.has(route) ? [...BAD_SEGMENTS, ...LOOKUP_SEGMENTS] : BAD_SEGMENTS;
  return fc.tuple(fc.constantFrom(...params), fc.constantFrom(...segments)).map(([param, [what, segment]]) => ({
    route,
    target: targetFor(template, param, segment) + queryString(REQUIRED_QUERY[route] ?? {}),
    body: valid ? rawJson(valid) : undefined,
    what: `{${param}} as ${what}`,
  }));
}

const withPair = (query: string, pair: string): string => `${query}${query ? '&' : '?'}${pair}`;

const queryString = (query: Record<string, string>): string => {
  const pairs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
};

/** Raw `name=value` pairs refused on any route by the request-target guard. */
const ANY_QUERY: Array<[string, string]> = [
  ['NUL in a value', 'channel=web%00'],
  ['a lone surrogate in a value', 'q=%ED%A0%80'],
  ['a bad escape in a value', 'q=%zz'],
  ['a bracketed name (qs: an object)', 'channel[a]=web'],
  ['an array-style name', 'channel[]=web'],
  ['a __proto__ name', '__proto__=1'],
  ['a name that is not UTF-8', '%FF=1'],
];

/** Values refused for a declared query parameter of each kind (a cursor's are generated: forgedCursor). */
const BAD_VALUES: Record<Exclude<QueryKind, 'cursor'>, string[]> = {
  limit: ['0', '-1', '9999999999999999999', '1e400', 'NaN', 'Infinity', '1.5', 'ten', ''],
  id: ['a b', '<x>', '', 'a'.repeat(ID_MAX_LENGTH + 1), 'a\r\nb'],
  enum: ['nope', 'WEB', '', '<x>'],
  iso: [
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '0000-01-01T00:00:00Z',
    'yesterday',
    '+275760-09-13T00:00:00.000Z',
    '1e400',
    '',
  ],
  number: ['1e400', 'NaN', 'Infinity', '9999999999999999999', 'north'],
  skus: ['FZ 1', 'FZ-1,,FZ-2', '<x>', Array.from({ length: 101 }, (_, i) => `S${i}`).join(','), ''],
};

/** Cursors this API never issued: unsigned, well-formed, forged, mangled. */
export function forgedCursor(): fc.Arbitrary<[string, string]> {
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const at = fc.oneof(
    fc
      .date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.constantFrom(
      '9999999999999999999',
      '0000-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
    ),
  );
  const id = fc.oneof(fc.uuid(), fc.constantFrom('not-a-uuid', 'o 1', "x'; DROP TABLE orders; --", '\u0000'));
  return fc.oneof(
    fc.tuple(at, id).map(([a, i]): [string, string] => ['an unsigned well-formed cursor', b64(JSON.stringify([a, i]))]),
    fc
      .tuple(at, id, fc.string({ minLength: 43, maxLength: 43 }))
      .map(([a, i, mac]): [string, string] => [
        'a cursor with a forged MAC',
        `${b64(JSON.stringify([a, i]))}.${b64(mac).slice(0, 43)}`,
      ]),
    fc.string({ minLength: 1, maxLength: 120 }).map((s): [string, string] => ['random text', s]),
    fc.constantFrom<[string, string]>(
      ['an old ledger cursor', '9999999999999999999'],
      ['a lone dot', '.'],
      ['301 characters', 'a'.repeat(301)],
    ),
  );
}

/** A hostile query for a GET route: a guard-refused pair, or a refused value of one declared parameter. */
export function queryCase(
  route: string,
  template: string,
  declared: Record<string, QueryKind>,
): fc.Arbitrary<HostileCase> {
  const base = REQUIRED_QUERY[route] ?? {};
  const path = targetFor(template);
  const options: Array<fc.Arbitrary<HostileCase>> = [
    fc
      .constantFrom(...ANY_QUERY)
      .map(([what, pair]) => ({ route, target: `${path}${withPair(queryString(base), pair)}`, what: `? ${what}` })),
  ];
  const params = Object.entries({ ...declared, ...(GET_QUERIES[route] ?? {}) });
  for (const [name, kind] of params) {
    const values =
      kind === 'cursor'
        ? forgedCursor()
        : fc.constantFrom(...BAD_VALUES[kind]).map((v): [string, string] => [`${kind} ${JSON.stringify(v)}`, v]);
    options.push(
      values.map(([what, value]) => ({
        route,
        target: path + queryString({ ...base, [name]: value }),
        what: `?${name} as ${what}`,
      })),
    );
    // The parameter twice: Express would hand the handler an array.
    const twice = withPair(queryString({ ...base, [name]: base[name] ?? 'web' }), `${name}=x`);
    options.push(fc.constant({ route, target: `${path}${twice}`, what: `?${name} repeated` }));
  }
  return fc.oneof(...options);
}
