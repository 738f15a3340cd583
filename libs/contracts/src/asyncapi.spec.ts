import { Parser } from '@asyncapi/parser';
import { asyncApiDocument, messageIdOf } from './asyncapi';
import { EVENT_CONSUMERS } from './event-consumers';
import { allEventDefinitions, topicOfEventType } from './event-definition';
import './events';
import { CHANGELOG_NAMES, SERVICES } from './topics';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
};
interface Doc {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<
    string,
    {
      action: 'send' | 'receive';
      channel: { $ref: string };
      messages: Array<{ $ref: string }>;
      tags: Array<{ name: string }>;
    }
  >;
  components: { messages: Record<string, { payload: Schema; examples: unknown[] }>; schemas: Record<string, Schema> };
}

// Diagnostic severities of the parser (Spectral's): 0 error, 1 warning, 2 information, 3 hint.
const WARNING = 1;

describe('AsyncAPI document', () => {
  const doc = asyncApiDocument() as unknown as Doc;
  const definitions = allEventDefinitions();
  const schemaOf = (ref: string | undefined): Schema =>
    doc.components.schemas[String(ref).replace('#/components/schemas/', '')];

  it('is valid AsyncAPI 3: the AsyncAPI parser finds no error and no warning', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.parse(JSON.stringify(doc)));
    const problems = diagnostics
      .filter((d) => d.severity <= WARNING)
      .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.allMessages().length).toBe(definitions.length);
    expect(document?.channels().length).toBe(SERVICES.length + CHANGELOG_NAMES.length);
  });

  it('has one message per event type and version, on the channel of the topic it travels on', () => {
    const listed = Object.entries(doc.channels).flatMap(([, c]) =>
      Object.keys(c.messages).map((id) => [c.address, id]),
    );
    expect(listed.sort()).toEqual(definitions.map((d) => [topicOfEventType(d.type, ''), messageIdOf(d)]).sort());
    expect(doc.channels.orders.address).toBe('omni.orders.v1');
    expect(doc.channels['holds-changelog'].address).toBe('omni.inventory.holds.changelog.v1');
  });

  it('makes each message payload the envelope, typed for its event, with the data schema of its version inside', () => {
    const payload = doc.components.messages['fulfilment.ready-for-pickup.v1'].payload;
    expect(payload.required).toEqual(
      expect.arrayContaining([
        'id',
        'type',
        'version',
        'occurredAt',
        'source',
        'key',
        'correlationId',
        'actor',
        'data',
      ]),
    );
    expect(payload.required).not.toContain('causationId');
    expect(payload.properties).toMatchObject({
      id: { type: 'string', format: 'uuid' },
      type: { const: 'fulfilment.ready-for-pickup' },
      version: { const: 1 },
      source: { const: 'fulfilment' },
      occurredAt: { type: 'string', format: 'date-time' },
      causationId: { type: ['string', 'null'] },
      data: { $ref: '#/components/schemas/ReadyForPickupV1' },
    });
    expect(schemaOf(payload.properties?.actor.$ref).properties?.channel).toMatchObject({
      enum: expect.arrayContaining(['web', 'pos']),
    });
  });

  it('derives each data schema from the class-validator decorators, nested classes, arrays, enums and bounds included', () => {
    const ready = doc.components.schemas.ReadyForPickupV1;
    expect(ready.properties?.pickupCode).toEqual({ type: ['string', 'null'], pattern: '^[0-9]{6}$' });
    expect(ready.properties?.expiresAt).toEqual({ type: 'string', format: 'date-time' });
    expect(ready.required).toEqual(expect.arrayContaining(['orderId', 'lines', 'expiresAt']));
    expect(ready.required).not.toContain('pickupCode');
    const placed = doc.components.schemas.OrderPlacedV1;
    expect(placed.properties?.lines).toEqual({
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: { $ref: '#/components/schemas/PlacedLineV1' },
    });
    expect(placed.properties?.assistedBy).toEqual({
      anyOf: [{ $ref: '#/components/schemas/AssistedByV1' }, { type: 'null' }],
    });
    const line = doc.components.schemas.PlacedLineV1;
    expect(line.properties).toMatchObject({
      qty: { type: 'integer', minimum: 1 },
      unitPriceMinor: { type: 'integer', minimum: 0 },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      delivery: { $ref: '#/components/schemas/OrderDeliveryV1' },
    });
    expect(doc.components.schemas.OrderDeliveryV1.properties?.address).toEqual({
      anyOf: [{ $ref: '#/components/schemas/AddressV1' }, { type: 'null' }],
    });
    expect(doc.components.schemas.LocationChangedV1.properties?.capabilities).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns'] },
    });
    // Inherited properties (ShipmentDeliveredV1 extends FulfilmentLinesV1) are there too.
    expect(Object.keys(doc.components.schemas.ShipmentDeliveredV1.properties ?? {}).sort()).toEqual([
      'deliveredAt',
      'fulfilmentOrderId',
      'lines',
      'orderId',
    ]);
  });

  it('types every property of every schema: none is left as {}', () => {
    const untyped = Object.entries(doc.components.schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, p]) => !('type' in p) && !('$ref' in p) && !('anyOf' in p))
        .map(([property]) => `${name}.${property}`),
    );
    expect(untyped).toEqual([]);
    expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(definitions.length);
  });

  it('names who publishes each message and every consumer group that reads it', () => {
    const operationsWith = (id: string, action: 'send' | 'receive') =>
      Object.entries(doc.operations)
        .filter(([, o]) => o.action === action && o.messages.some((m) => m.$ref.endsWith(`/messages/${id}`)))
        .map(([, o]) => o.tags[0].name);
    for (const d of definitions) {
      expect(operationsWith(messageIdOf(d), 'send')).toEqual([d.source]);
      const readers = [...new Set((EVENT_CONSUMERS[d.type] ?? []).map((c) => c.service))].sort();
      expect([...new Set(operationsWith(messageIdOf(d), 'receive'))].sort()).toEqual(readers);
    }
    expect(doc.operations['orders.handles.fulfilment'].messages).toContainEqual({
      $ref: '#/channels/fulfilment/messages/fulfilment.ready-for-pickup.v1',
    });
    expect(doc.operations['fulfilment.projects.stock-levels-changelog'].action).toBe('receive');
  });

  it('gives every message an example', () => {
    const without = Object.entries(doc.components.messages)
      .filter(([, m]) => !m.examples?.length)
      .map(([id]) => id);
    expect(without).toEqual([]);
  });
});
