import Fastify from 'fastify';
import type { ObjectSchema } from '@omni/platform';
import { BATCH_AVAILABILITY_SCHEMA, SKU_AVAILABILITY_SCHEMA } from './availability/dto/availability.schema';
import { HOLD_VIEW_SCHEMA } from './holds/dto/hold.schema';
import { RECORDED_MOVEMENT_SCHEMA } from './stock/dto/stock.schema';

const asOf = '2026-12-02T00:00:00.000Z';
const level = {
  sku: 'SKU-1',
  locationId: 's-001',
  onHand: 10,
  reserved: 2,
  safetyStock: 1,
  damaged: 0,
  sellable: 7,
  asOf,
};
const movement = {
  id: '42',
  sku: 'SKU-1',
  locationId: 's-001',
  type: 'receipt',
  quantity: 3,
  onHandDelta: 3,
  damagedDelta: 0,
  reason: null,
  reference: 'po-7',
  principal: 'admin',
  occurredAt: asOf,
};

// One answer of each hot route, with every field the handler writes (nulls included).
const ANSWERS: Array<[string, ObjectSchema, unknown]> = [
  [
    'POST /v1/holds',
    HOLD_VIEW_SCHEMA,
    {
      id: '6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7e',
      channel: 'web',
      status: 'active',
      expiresAt: asOf,
      createdAt: asOf,
      lines: [
        { lineNo: 1, sku: 'SKU-1', locationId: 's-001', requested: 2, held: 2, shortfall: 0 },
        { lineNo: 2, sku: 'SKU-2', locationId: null, requested: 1, held: 0, shortfall: 1 },
      ],
    },
  ],
  [
    'GET /v1/availability/:sku',
    SKU_AVAILABILITY_SCHEMA,
    {
      sku: 'SKU-1',
      channel: 'web',
      available: 7,
      asOf,
      locations: [{ locationId: 's-001', available: 7, type: 'store', asOf }],
    },
  ],
  [
    'POST /v1/availability/query',
    BATCH_AVAILABILITY_SCHEMA,
    {
      channel: 'web',
      asOf,
      items: [
        { sku: 'SKU-1', available: 7, asOf },
        { sku: 'SKU-2', available: 0, asOf },
      ],
    },
  ],
  ['POST /v1/stock/movements', RECORDED_MOVEMENT_SCHEMA, { movement, level }],
];

describe('response schemas of the hot routes', () => {
  it.each(ANSWERS)(
    '%s: fast-json-stringify writes the same JSON value JSON.stringify would',
    async (_route, schema, answer) => {
      const fastify = Fastify();
      fastify.get('/', { schema: { response: { 200: schema } } }, async () => answer);
      try {
        const res = await fastify.inject({ method: 'GET', url: '/' });
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(res.body)).toEqual(answer);
      } finally {
        await fastify.close();
      }
    },
  );
});
