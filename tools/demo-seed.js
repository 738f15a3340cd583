// Demo data for `npm start`: a DC, a warehouse, five stores with coordinates and 50 SKUs with
// stock, written through the inventory API. Every write carries a fixed Idempotency-Key, so a
// second start replays instead of adding stock again: the data is loaded once.
const jwt = require('jsonwebtoken');

const LOCATIONS = [
  { id: 'dc-001', type: 'dc', name: 'National DC', city: 'Northampton', lat: 52.2405, lng: -0.9027, capabilities: [] },
  {
    id: 'wh-001',
    type: 'warehouse',
    name: 'North Warehouse',
    city: 'Leeds',
    lat: 53.8008,
    lng: -1.5491,
    capabilities: ['accepts_returns'],
  },
  { id: 's-001', type: 'store', name: 'Oxford Street', city: 'London', lat: 51.5154, lng: -0.1419 },
  { id: 's-002', type: 'store', name: 'King Street', city: 'Manchester', lat: 53.4808, lng: -2.2426 },
  { id: 's-003', type: 'store', name: 'Bull Ring', city: 'Birmingham', lat: 52.4778, lng: -1.8936 },
  { id: 's-004', type: 'store', name: 'Cabot Circus', city: 'Bristol', lat: 51.4586, lng: -2.5846 },
  { id: 's-005', type: 'store', name: 'Princes Street', city: 'Edinburgh', lat: 55.9521, lng: -3.1965 },
];
const STORE_CAPABILITIES = ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns'];
const SKUS = Array.from({ length: 50 }, (_, i) => `SKU-${String(i + 1).padStart(4, '0')}`);

async function call(url, token, method, body, idempotencyKey) {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${await res.text()}`);
}

async function seedDemo({ inventoryUrl, secret }) {
  const token = jwt.sign({ role: 'admin', locations: [] }, secret, {
    algorithm: 'HS256',
    subject: 'demo-seed',
    expiresIn: '10m',
  });
  for (const l of LOCATIONS) {
    await call(`${inventoryUrl}/v1/locations/${l.id}`, token, 'PUT', {
      type: l.type,
      name: l.name,
      address: { line1: l.name, city: l.city, postalCode: '00000', country: 'GB' },
      lat: l.lat,
      lng: l.lng,
      timezone: 'Europe/London',
      capabilities: l.capabilities ?? STORE_CAPABILITIES,
      active: true,
    });
  }
  const writes = [];
  SKUS.forEach((sku, i) => {
    LOCATIONS.forEach((l, j) => {
      const quantity = l.type === 'store' ? (i * 7 + j * 3) % 12 : 100 + ((i * 13) % 50);
      if (!quantity) return;
      writes.push(() =>
        call(
          `${inventoryUrl}/v1/stock/movements`,
          token,
          'POST',
          {
            sku,
            locationId: l.id,
            type: 'receipt',
            quantity,
            reason: 'demo opening stock',
            reference: 'demo-seed',
          },
          `demo-seed-${sku}-${l.id}`,
        ),
      );
    });
  });
  for (let i = 0; i < writes.length; i += 16) await Promise.all(writes.slice(i, i + 16).map((w) => w()));
  console.log(
    `demo data: ${LOCATIONS.length} locations, ${SKUS.length} SKUs, ${writes.length} stock receipts (loaded once)`,
  );
}

module.exports = { seedDemo };
