// The cases issue 13 reported (500s, or malformed input taken), each pinned to the status it now gets.
import { rawJson, UNIVERSAL_LEAVES, type HostileCase } from './hostile-cases';
import { FUZZ_SKU, FUZZ_STORE, SOME_UUID, WRITE_BODIES } from './route-table';

export type ReportedCase = HostileCase & { expected: number };

type Body = Record<string, unknown>;
const ORDER = WRITE_BODIES['POST /v1/orders'] as Body & { lines: Body[] };
const DRY_RUN = WRITE_BODIES['POST /v1/sourcing/dry-run'] as Body & { lines: Body[] };
const leaf = (what: string) => (UNIVERSAL_LEAVES.find(([name]) => name === what) as [string, unknown])[1];
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const order = (patch: Body): string => rawJson({ ...ORDER, ...patch });
const orderLine = (patch: Body): string => order({ lines: [{ ...ORDER.lines[0], ...patch }] });
const dryRunShipTo = (address: unknown): string =>
  rawJson({ ...DRY_RUN, lines: [{ ...DRY_RUN.lines[0], delivery: { type: 'ship', address } }] });
const shipTo = (address: unknown): string => orderLine({ delivery: { type: 'ship', address } });
const post = (route: string, body: string, what: string, target = route.split(' ')[1]): ReportedCase => ({
  route,
  target,
  body,
  what,
  expected: 400,
});
const get = (route: string, target: string, what: string, expected = 400): ReportedCase => ({
  route,
  target,
  what,
  expected,
});

export const REPORTED_CASES: ReportedCase[] = [
  post('POST /v1/orders', order({ customer: leaf('objects nested 1,500 deep') }), 'JSON nested 1,500 levels'),
  post('POST /v1/holds', rawJson({ channel: 'web', lines: [{ sku: 'FZ\u00001', qty: 1 }] }), 'NUL in a string'),
  post(
    'POST /v1/orders',
    order({ customer: { id: 'c-1', email: 'a\ud800@example.com' } }),
    'a lone surrogate in an email',
  ),
  post('POST /v1/orders', order({ customer: [ORDER.customer] }), 'customer: [...]'),
  post('POST /v1/orders', orderLine({ delivery: [ORDER.lines[0].delivery] }), 'delivery: [...]'),
  post('POST /v1/orders', order({ lines: [[]] }), 'lines: [[]]'),
  post('POST /v1/sourcing/dry-run', dryRunShipTo([{ line1: 'x' }]), 'dry-run address: [...]'),
  post('POST /v1/orders', shipTo([]), 'delivery.address: []'),
  post('POST /v1/orders', shipTo([(ORDER.lines[0].delivery as Body).address]), 'delivery.address: [{...}]'),
  post('POST /v1/orders', order({ assistedBy: [] }), 'assistedBy: []'),
  post('POST /v1/orders', orderLine({ sku: 'FZ 1' }), 'a SKU with a space'),
  post('POST /v1/orders', orderLine({ sku: '<b>FZ</b>' }), 'a SKU of HTML'),
  post('POST /v1/orders', orderLine({ sku: 'FZ\r\n1' }), 'a SKU with CRLF'),
  post('POST /v1/orders', order({}).replace('{', '{"__proto__":{"admin":true},'), 'a __proto__ key'),
  post('POST /v1/orders', order({}).replace('{', '{"constructor":{"prototype":1},'), 'a constructor key'),
  post('POST /v1/orders', order({}).replace('"customer":{', '"customer":{"prototype":1,'), 'a nested prototype key'),
  get(
    'GET /v1/orders',
    `/v1/orders?cursor=${b64(['2026-01-01T00:00:00.000Z', SOME_UUID])}`,
    'a well-formed unsigned cursor',
  ),
  get(
    'GET /v1/orders',
    `/v1/orders?cursor=${b64(['9999999999999999999', SOME_UUID])}`,
    'a cursor at 9999999999999999999',
  ),
  get('GET /v1/orders', `/v1/orders?cursor=${b64(['0000-01-01T00:00:00.000Z', SOME_UUID])}`, 'a cursor in year 0'),
  get(
    'GET /v1/locations/{id}/tasks',
    `/v1/locations/${FUZZ_STORE}/tasks?cursor=${b64(['+275760-09-13T00:00:00.000Z', SOME_UUID])}`,
    'a cursor in year +275760',
  ),
  get(
    'GET /v1/locations/{id}/tasks',
    `/v1/locations/${FUZZ_STORE}/tasks?cursor=${b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])}`,
    'a cursor with a non-UUID id',
  ),
  get(
    'GET /v1/stock/{sku}/movements',
    `/v1/stock/${FUZZ_SKU}/movements?cursor=9999999999999999999`,
    'a ledger cursor past bigint',
  ),
  get('GET /v1/holds/{id}', '/v1/holds/h-1', 'a non-UUID id on a uuid column'),
  get('GET /v1/holds/{id}', '/v1/holds/%00', 'NUL as a path parameter'),
  get('GET /v1/holds/{id}', '/v1/holds/%ED%A0%80', 'a lone surrogate (URL-encoded) as a path parameter'),
  get('GET /v1/returns/{id}', '/v1/returns/9999999999999999999', 'a huge number as a path parameter'),
  get('GET /v1/orders/{id}', '/v1/orders/9999999999999999999', 'a huge number as an order id (text column)', 404),
  get('GET /v1/orders', '/v1/orders?status=placed&status=cancelled', '?a=1&a=2'),
  get('GET /v1/orders', '/v1/orders?channel[a]=web', '?a[b]=c'),
  post(
    'POST /v1/tasks/{id}/pick',
    rawJson(WRITE_BODIES['POST /v1/tasks/{id}/pick']),
    'a non-UUID task id',
    '/v1/tasks/abc/pick',
  ),
];
