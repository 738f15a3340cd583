// One valid request per route, the ground the fuzz suite stands on: each hostile case is one of these
// with one thing made hostile, so anything it gets past validation is a gap, not noise. A write route
// the services serve and this table lacks fails the suite (hostile-input.test.ts).
import { storeBody } from '@omni/testing';

export const FUZZ_STORE = 'fz-s1';
export const FUZZ_SKU = 'FZ-1';
export const SOME_UUID = '6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7e';

const RETURN_LINE = { orderLineId: 'l-1', qty: 1, reason: 'defective' };
const ADDRESS = {
  line1: '2 Low Rd',
  line2: 'Flat 1',
  city: 'York',
  region: 'N Yorks',
  postalCode: 'YO1 7HH',
  country: 'GB',
};

/** `null`: the route takes no body (only bodies the input walk refuses are sent to it). */
export type ValidBody = Record<string, unknown> | null;

/** Keyed `METHOD /path/{param}` as the OpenAPI document spells it. */
export const WRITE_BODIES: Record<string, ValidBody> = {
  // inventory
  'PUT /v1/locations/{id}': storeBody('Fuzz', { city: 'Paris', postalCode: '75001', lat: 48.86, lng: 2.34 }),
  'POST /v1/stock/movements': {
    sku: FUZZ_SKU,
    locationId: FUZZ_STORE,
    type: 'receipt',
    quantity: 5,
    reason: 'delivery',
    reference: 'po-1',
  },
  'PUT /v1/stock/{sku}/locations/{locationId}/safety-stock': { safetyStock: 1 },
  'POST /v1/holds': {
    channel: 'web',
    lines: [{ sku: FUZZ_SKU, qty: 1, locationId: FUZZ_STORE }],
    ttlSeconds: 600,
    allowPartial: true,
  },
  'POST /v1/holds/{id}/extend': { ttlSeconds: 600 },
  'POST /v1/holds/{id}/release': null,
  'PUT /v1/channels/{channel}/rules': {
    sources: [{ type: 'store', capability: 'ship_from_store' }],
    includeLocationIds: [FUZZ_STORE],
    excludeLocationIds: ['fz-x'],
    ownLocations: false,
    safetyBuffer: 0,
  },
  'POST /v1/availability/query': { channel: 'web', skus: [FUZZ_SKU, 'FZ-2'] },
  // orders
  'POST /v1/orders': {
    channel: 'web',
    customer: { id: 'c-1', email: 'c@example.com', phone: '+441234567' },
    lines: [
      { sku: FUZZ_SKU, qty: 1, unitPrice: 1000, currency: 'EUR', delivery: { type: 'ship', address: ADDRESS } },
      { sku: FUZZ_SKU, qty: 1, unitPrice: 500, currency: 'EUR', delivery: { type: 'pickup', locationId: FUZZ_STORE } },
    ],
    holdId: 'h-1',
    assistedBy: { staffId: 'st-1', locationId: FUZZ_STORE },
    externalRef: 'MP-1',
  },
  'POST /v1/orders/{id}/cancel': { lineIds: ['l-1'], reason: 'changed mind' },
  // fulfilment
  'PUT /v1/locations/{id}/capacity': { dailyOrderLimit: 10, sameDayCutoff: '16:00' },
  'POST /v1/sourcing/dry-run': {
    lines: [
      { orderLineId: 'l-1', sku: FUZZ_SKU, qty: 1, delivery: { type: 'ship', address: ADDRESS } },
      { sku: FUZZ_SKU, qty: 1, delivery: { type: 'pickup', locationId: FUZZ_STORE } },
    ],
    holdId: 'h-1',
    excludeLocationIds: ['fz-x'],
  },
  'POST /v1/tasks/{id}/pick': { lines: [{ orderLineId: 'l-1', pickedQty: 1 }] },
  'POST /v1/tasks/{id}/pack': null,
  'POST /v1/tasks/{id}/ready': null,
  'POST /v1/tasks/{id}/reissue-code': null,
  'POST /v1/tasks/{id}/handover': { code: '123456' },
  'POST /v1/tasks/{id}/ship': { carrier: 'ups', trackingNumber: '1Z999' },
  'POST /v1/tasks/{id}/deliver': { deliveredAt: '2026-01-01T00:00:00.000Z' },
  'POST /v1/tasks/{id}/reject': { reason: 'damaged', note: 'dropped' },
  // returns
  'POST /v1/returns': {
    orderId: 'o-1',
    returnTo: { method: 'in-store', locationId: FUZZ_STORE },
    lines: [RETURN_LINE],
  },
  'POST /v1/returns/walk-in': { orderId: 'o-1', locationId: FUZZ_STORE, lines: [RETURN_LINE] },
  'POST /v1/returns/{id}/receive': { locationId: FUZZ_STORE, lines: [{ orderLineId: 'l-1', qty: 1 }] },
  'POST /v1/returns/{id}/cancel': null,
  'POST /v1/returns/{id}/inspect': {
    lines: [{ orderLineId: 'l-1', disposition: 'transfer', qty: 1, toLocationId: 'dc-1', note: 'ok' }],
  },
  'PUT /v1/return-policy': {
    defaultWindowDays: 30,
    restockingFeeBps: 0,
    feeWaivedReasons: ['defective'],
    categories: [{ category: 'shoes', windowDays: 30, skuPrefixes: ['SH-'] }],
  },
  'PUT /v1/return-policy/skus/{sku}': { category: 'shoes', returnable: true },
  'DELETE /v1/return-policy/skus/{sku}': null,
  // webhooks
  'POST /v1/webhooks/subscriptions': {
    channel: 'web',
    url: 'https://hooks.example.com/omni',
    eventTypes: ['order.ready-for-pickup', 'order.shipped'],
    description: 'fuzz',
  },
  'DELETE /v1/webhooks/subscriptions/{id}': null,
  'POST /v1/webhooks/deliveries/{id}/redeliver': null,
};

/** Query parameters a GET route declares beyond what its OpenAPI lists (DTO fields without @ApiProperty), by kind. */
export type QueryKind = 'cursor' | 'limit' | 'id' | 'enum' | 'iso' | 'number' | 'skus';
export const GET_QUERIES: Record<string, Record<string, QueryKind>> = {
  'GET /v1/orders': { cursor: 'cursor', limit: 'limit', status: 'enum', channel: 'enum', locationId: 'id' },
  'GET /v1/customers/{id}/orders': { cursor: 'cursor', limit: 'limit' },
  'GET /v1/locations/{id}/tasks': { cursor: 'cursor', limit: 'limit', status: 'enum', sort: 'enum' },
  'GET /v1/orders/{orderId}/tasks': { cursor: 'cursor', limit: 'limit', status: 'enum', sort: 'enum' },
  'GET /v1/stock/{sku}/movements': { cursor: 'cursor', limit: 'limit', locationId: 'id' },
  'GET /v1/reports/attribution': { from: 'iso', to: 'iso', locationId: 'id' },
  'GET /v1/availability/{sku}/nearby': { lat: 'number', lng: 'number', radiusKm: 'number', limit: 'limit' },
  'GET /v1/availability/{sku}': { channel: 'enum' },
  'GET /v1/availability/stream': { skus: 'skus', channel: 'enum' },
  'GET /v1/locations': { type: 'enum', capability: 'enum' },
  'GET /v1/webhooks/subscriptions': { cursor: 'cursor', limit: 'limit', channel: 'enum' },
  'GET /v1/webhooks/subscriptions/{id}/deliveries': { cursor: 'cursor', limit: 'limit', status: 'enum' },
  'GET /v1/returnable-orders': { number: 'id' },
};

/** A valid query for the routes that need one to answer at all (their other parameters are optional). */
export const REQUIRED_QUERY: Record<string, Record<string, string>> = {
  'GET /v1/reports/attribution': { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' },
  'GET /v1/availability/{sku}/nearby': { lat: '48.86', lng: '2.34' },
  'GET /v1/availability/stream': { skus: FUZZ_SKU },
  'GET /v1/returnable-orders': { number: 'FZ-1' },
};

/** GET routes answering one resource by its id: a well-formed id of nothing is a 404 there (elsewhere, an empty list). */
export const LOOKUP_ROUTES = new Set(
  ['holds', 'tasks', 'returns', 'orders', 'locations', 'webhooks/subscriptions'].map((list) => `GET /v1/${list}/{id}`),
);

/** A valid value for a path parameter, by its name: a UUID is a valid resource id as well. */
export function validParam(name: string): string {
  if (name === 'sku') return FUZZ_SKU;
  if (name === 'locationId') return FUZZ_STORE;
  if (name === 'channel') return 'web';
  return SOME_UUID;
}
