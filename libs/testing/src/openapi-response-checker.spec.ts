import { readFileSync } from 'node:fs';
import path from 'node:path';
import createClient from 'openapi-fetch';
import { checkedAnswers } from './openapi-check-middleware';
import { OpenApiResponseChecker } from './openapi-response-checker';

// The inventory service's committed document (libs/client/openapi, kept in step with the code by its own spec).
const document = JSON.parse(readFileSync(path.resolve(__dirname, '../../client/openapi/inventory.json'), 'utf8'));
const checker = new OpenApiResponseChecker(document);

const HOLD = {
  id: '0b6f1c52-2f0e-4d8a-9a39-5d1f0c7e4a11',
  channel: 'web',
  status: 'active',
  expiresAt: '2026-03-02T09:15:00.000Z',
  createdAt: '2026-03-02T09:00:00.000Z',
  lines: [{ lineNo: 1, sku: 'SKU-1', locationId: 's-001', requested: 1, held: 1, shortfall: 0 }],
};
const json = 'application/json; charset=utf-8';
const problem = (type: string, status: number) => ({
  type,
  title: 'x',
  status,
  instance: '/v1/holds',
  correlationId: 'c',
});

describe('OpenApiResponseChecker', () => {
  it('passes an answer that is what the operation declares', () => {
    expect(
      checker.problemsWith({ method: 'POST', target: '/v1/holds', status: 201, contentType: json, body: HOLD }),
    ).toEqual([]);
  });

  it('refuses a field the schema does not declare, a missing one, and a wrong type', () => {
    const { createdAt: _createdAt, ...missing } = HOLD;
    expect(
      checker.problemsWith({
        method: 'POST',
        target: '/v1/holds',
        status: 201,
        contentType: json,
        body: { ...HOLD, extra: 1 },
      }),
    ).toEqual([expect.stringContaining('must NOT have additional properties')]);
    expect(
      checker.problemsWith({
        method: 'GET',
        target: `/v1/holds/${HOLD.id}`,
        status: 200,
        contentType: json,
        body: missing,
      })[0],
    ).toContain("required property 'createdAt'");
    expect(
      checker.problemsWith({
        method: 'GET',
        target: `/v1/holds/${HOLD.id}`,
        status: 200,
        contentType: json,
        body: { ...HOLD, status: 'gone' },
      })[0],
    ).toContain('/status');
  });

  it('refuses a status the operation does not declare, and a problem type it does not list for the status', () => {
    expect(
      checker.problemsWith({
        method: 'GET',
        target: '/v1/locations',
        status: 404,
        contentType: 'application/problem+json',
        body: problem('urn:omni:problem:not-found', 404),
      })[0],
    ).toContain('declares no 404');
    const wrongType = problem('urn:omni:problem:hold-state', 409);
    expect(
      checker
        .problemsWith({
          method: 'POST',
          target: '/v1/holds',
          status: 409,
          contentType: 'application/problem+json',
          body: wrongType,
        })
        .join(),
    ).toContain('/type');
    const shortfall = { ...problem('urn:omni:problem:insufficient-stock', 409), shortfalls: [] };
    expect(
      checker.problemsWith({
        method: 'POST',
        target: '/v1/holds',
        status: 409,
        contentType: 'application/problem+json',
        body: shortfall,
      }),
    ).toEqual([]);
  });

  it('refuses an answer in another media type than declared, and leaves undocumented paths alone', () => {
    expect(
      checker.problemsWith({
        method: 'POST',
        target: '/v1/holds',
        status: 201,
        contentType: 'text/html',
        body: undefined,
      })[0],
    ).toContain('answered text/html');
    expect(
      checker.problemsWith({ method: 'GET', target: '/health/ready', status: 503, contentType: json, body: {} }),
    ).toEqual([]);
  });

  it('matches a literal segment before a parameter', () => {
    expect(
      checker.problemsWith({
        method: 'GET',
        target: '/v1/availability/stream?skus=A',
        status: 200,
        contentType: 'text/event-stream',
        body: undefined,
      }),
    ).toEqual([]);
  });

  it('fails a typed client call (openapi-fetch with checkedAnswers) whose answer breaks the document', async () => {
    const answer = (body: unknown) =>
      new Response(JSON.stringify(body), { status: 201, headers: { 'content-type': json } });
    let body: unknown = { ...HOLD, extra: 1 };
    const fetch = jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      return url.endsWith('/docs-json') ? new Response(JSON.stringify(document)) : answer(body);
    });
    try {
      const client = createClient({ baseUrl: 'http://inventory.test' });
      client.use(checkedAnswers);
      // Untyped here: libs/testing does not depend on @omni/client's generated paths.
      const post = () =>
        (client as unknown as { POST(path: string, init: object): Promise<{ data?: unknown }> }).POST('/v1/holds', {
          body: {},
        });
      await expect(post()).rejects.toThrow('must NOT have additional properties');
      body = HOLD;
      await expect(post()).resolves.toMatchObject({ data: HOLD });
    } finally {
      fetch.mockRestore();
    }
  });
});

describe('OpenApiResponseChecker on webhooks', () => {
  // The webhooks service's committed document: its top-level `webhooks` describes every body it POSTs.
  const webhooks = new OpenApiResponseChecker(
    JSON.parse(readFileSync(path.resolve(__dirname, '../../client/openapi/webhooks.json'), 'utf8')),
  );
  const ready = {
    id: '5b8e0f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    type: 'order.ready-for-pickup',
    occurredAt: '2026-03-02T09:40:00.000Z',
    orderId: 'o-1',
    data: {
      fulfilmentOrderId: 'fo-1',
      locationId: 's-001',
      lines: [{ orderLineId: 'l-1', sku: 'SKU-1', qty: 1 }],
      expiresAt: '2026-03-09T09:40:00.000Z',
      pickupCode: '042917',
      customerId: 'c-1',
      externalRef: null,
    },
  };
  const headers = {
    'omni-signature': 't=1,v1=00',
    'omni-event-id': ready.id,
    'omni-event-type': ready.type,
    'omni-delivery-id': 'd-1',
  };

  it('passes a delivery that is what its webhook declares', () => {
    expect(webhooks.webhookProblemsWith({ headers, body: JSON.stringify(ready) })).toEqual([]);
  });

  it('refuses a body that breaks the schema, an undeclared type, and a missing header', () => {
    expect(
      webhooks
        .webhookProblemsWith({ headers, body: JSON.stringify({ ...ready, data: { ...ready.data, pickupCode: 42 } }) })
        .join(),
    ).toContain('/data/pickupCode');
    expect(
      webhooks
        .webhookProblemsWith({ headers, body: JSON.stringify({ ...ready, data: { ...ready.data, extra: 1 } }) })
        .join(),
    ).toContain('additional properties');
    expect(
      webhooks.webhookProblemsWith({ headers, body: JSON.stringify({ ...ready, type: 'order.teleported' }) }),
    ).toEqual([expect.stringContaining('no such webhook')]);
    const { 'omni-signature': _signature, ...unsigned } = headers;
    expect(webhooks.webhookProblemsWith({ headers: unsigned, body: JSON.stringify(ready) })).toEqual([
      expect.stringContaining('no Omni-Signature header'),
    ]);
  });
});
