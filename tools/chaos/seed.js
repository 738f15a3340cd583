// The run's world: a DC and three London stores, online SKUs (held, ordered, picked, returned)
// and till SKUs (sold over the counter). POS sales never touch online SKUs, so on_hand may never
// fall below what holds and allocations reserve there: any such level is an oversell.
'use strict';

const { sleep } = require('./lifecycle');

const STORES = [
  { id: 's-001', name: 'Oxford Street', lat: 51.5154, lng: -0.1419, postalCode: 'W1C 1AP' },
  { id: 's-002', name: 'Canary Wharf', lat: 51.5054, lng: -0.0235, postalCode: 'E14 5AB' },
  { id: 's-003', name: 'Kings Road', lat: 51.4875, lng: -0.1687, postalCode: 'SW3 4UT' },
];
const DC = {
  id: 'dc-001',
  name: 'National DC',
  lat: 52.2405,
  lng: -0.9027,
  postalCode: 'NN4 7YE',
  city: 'Northampton',
};
const ONLINE_SKUS = Array.from({ length: 8 }, (_, i) => `CH-${String(i + 1).padStart(4, '0')}`);
const TILL_SKUS = Array.from({ length: 4 }, (_, i) => `CHP-${String(i + 1).padStart(4, '0')}`);
const STORE_STOCK = 25;
const DC_STOCK = 400;
const TILL_STOCK = 500;
const ADMIN = { sub: 'chaos-admin', role: 'admin' };

function location(l, type, capabilities) {
  return {
    type,
    name: l.name,
    address: { line1: l.name, city: l.city ?? 'London', postalCode: l.postalCode, country: 'GB' },
    lat: l.lat,
    lng: l.lng,
    timezone: 'Europe/London',
    capabilities,
    active: true,
  };
}

async function must(api, service, request) {
  const res = await api.call(service, { budgetMs: 30_000, ...request });
  if (res.status >= 300)
    throw new Error(`seed: ${request.method ?? 'POST'} ${request.path} -> ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

async function seed(api, db) {
  for (const s of STORES) {
    await must(api, 'inventory', {
      method: 'PUT',
      path: `/v1/locations/${s.id}`,
      caller: ADMIN,
      body: location(s, 'store', ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns']),
    });
  }
  await must(api, 'inventory', {
    method: 'PUT',
    path: `/v1/locations/${DC.id}`,
    caller: ADMIN,
    body: location(DC, 'dc', []),
  });
  const receipts = [];
  for (const sku of ONLINE_SKUS) {
    for (const s of STORES) receipts.push({ sku, locationId: s.id, quantity: STORE_STOCK });
    receipts.push({ sku, locationId: DC.id, quantity: DC_STOCK });
  }
  for (const sku of TILL_SKUS) for (const s of STORES) receipts.push({ sku, locationId: s.id, quantity: TILL_STOCK });
  const locationsPut = Date.now();
  let lastRefused = null;
  for (let i = 0; i < receipts.length; i += 8) {
    await Promise.all(
      receipts.slice(i, i + 8).map(async (r) => {
        const res = await must(api, 'inventory', {
          path: '/v1/stock/movements',
          caller: ADMIN,
          key: `seed-${r.sku}-${r.locationId}`,
          body: { ...r, type: 'receipt', reason: 'chaos opening stock', reference: `seed-${r.sku}-${r.locationId}` },
          // Each inventory replica keeps the locations in memory, told of the other's writes by events.
          retryWhile: (reply) => reply.status === 422 && reply.body?.title === 'Unknown location',
        });
        if (res.attempts > 1) lastRefused = Math.max(lastRefused ?? 0, Date.now());
      }),
    );
  }
  // How long the second replica refused stock for locations the first had just created.
  const locationsKnownAfterMs = lastRefused === null ? 0 : lastRefused - locationsPut;
  // Orders validates pickups and SKUs against its projections of locations and SKUs, fulfilment sources from its own: wait for both.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await db.query(`SELECT (SELECT count(*) FROM orders.known_locations)::int AS orders,
                                            (SELECT count(*) FROM orders.known_skus)::int AS skus,
                                            (SELECT count(*) FROM fulfilment.locations)::int AS fulfilment,
                                            (SELECT count(*) FROM fulfilment.stock_positions)::int AS positions`);
    const r = rows[0];
    const skus = ONLINE_SKUS.length + TILL_SKUS.length;
    if (r.orders === 4 && r.skus === skus && r.fulfilment === 4 && r.positions === receipts.length)
      return { receipts: receipts.length, locationsKnownAfterMs };
    if (Date.now() > deadline)
      throw new Error(
        `seed: projections never caught up (${JSON.stringify(r)}, want 4 locations and ${skus} SKUs at orders, 4/${receipts.length} at fulfilment)`,
      );
    await sleep(500);
  }
}

module.exports = { seed, STORES, DC, ONLINE_SKUS, TILL_SKUS, ADMIN };
