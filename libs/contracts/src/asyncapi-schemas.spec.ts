// The AsyncAPI document's JSON Schemas say what class-validator says: a consumer that validates our events
// with the document (ajv here) accepts and refuses what our own consumers do. Checked on one example of
// every event and version, on every hostile variant of it (hostile-variants.ts) and on a few invalid bodies.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { asyncApiDocument, messageIdOf } from './asyncapi';
import type { EventEnvelope } from './envelope';
import { allEventDefinitions, type EventDefinition } from './event-definition';
import { EVENT_EXAMPLES, exampleEnvelope } from './event-examples';
import { LocationChanged, OrderCancelled, OrderPlaced, ReadyForPickup, ReturnAuthorised, StockHeld } from './events';
import { hostileVariants, type HostileVariant } from './hostile-variants';
import { InvalidEventError, validateEvent, validateEventData } from './validate-event';

const DOCUMENT_ID = 'urn:omni:event-log';
const doc = asyncApiDocument() as {
  components: { schemas: Record<string, unknown>; messages: Record<string, unknown> };
};

const ajv = new Ajv({ strict: true, allErrors: false });
addFormats(ajv);
// The schemas refer to each other inside the document: it is added whole, and only its schemas are compiled.
ajv.addKeyword({ keyword: 'components' });
ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: doc.components.schemas, messages: doc.components.messages } });
const compiled = new Map<string, ValidateFunction>();
const validatorOf = (pointer: string): ValidateFunction => {
  if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` }));
  return compiled.get(pointer) as ValidateFunction;
};
const dataSchemaAccepts = (definition: EventDefinition, data: unknown): boolean =>
  validatorOf(`/components/schemas/${definition.data.name}`)(data);
const payloadSchemaAccepts = (definition: EventDefinition, envelope: unknown): boolean =>
  validatorOf(`/components/messages/${messageIdOf(definition)}/payload`)(envelope);

const refusal = <T>(check: () => T): boolean => {
  try {
    check();
    return false;
  } catch (error) {
    if (error instanceof InvalidEventError) return true;
    throw error;
  }
};
const classValidatorAccepts = (definition: EventDefinition, data: unknown): boolean =>
  !refusal(() => validateEventData(definition, data));
const classValidatorAcceptsEnvelope = (envelope: unknown): boolean => !refusal(() => validateEvent(envelope));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nodeAt = (body: unknown, path: string): unknown =>
  path === '(body)'
    ? body
    : path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);

/**
 * class-validator's @ValidateNested validates each element of an array it finds where one object is declared
 * (and `[]` has none), and each element of an element that is itself an array: without @IsObject (NestedObject
 * and NestedObjects in nested.ts have it) such a property takes an array of its objects. The document keeps the
 * declared shape; these are the only places it may refuse what class-validator lets through.
 */
function isArrayForObject(body: unknown, { path, what }: HostileVariant): boolean {
  const node = nodeAt(body, path);
  if (path !== '(body)' && isObject(node))
    return ['an empty array', 'an array of it', 'a nested array of it'].includes(what);
  return Array.isArray(node) && node.length > 0 && node.every(isObject) && what === 'an array of it';
}

interface Verdicts {
  /** The schema accepts what class-validator refuses: never allowed. */
  looser: string[];
  /** The schema refuses what class-validator accepts, other than an array for a declared object. */
  stricter: string[];
  laxities: number;
  checked: number;
}

function compare(
  variants: readonly HostileVariant[],
  original: unknown,
  byClassValidator: (b: unknown) => boolean,
  bySchema: (b: unknown) => boolean,
): Verdicts {
  const verdicts: Verdicts = { looser: [], stricter: [], laxities: 0, checked: variants.length };
  for (const variant of variants) {
    const cv = byClassValidator(variant.body);
    const schema = bySchema(variant.body);
    if (schema && !cv) verdicts.looser.push(`${variant.path} as ${variant.what}`);
    else if (cv && !schema && isArrayForObject(original, variant)) verdicts.laxities += 1;
    else if (cv && !schema) verdicts.stricter.push(`${variant.path} as ${variant.what}`);
  }
  return verdicts;
}

const rows = EVENT_EXAMPLES.map((e) => ({ name: `${e.definition.type} v${e.definition.version}`, ...e }));

describe('the AsyncAPI JSON Schemas and class-validator', () => {
  it('have an example of every declared event and version', () => {
    const missing = allEventDefinitions().filter((d) => !EVENT_EXAMPLES.some((e) => e.definition === d));
    expect(missing.map(messageIdOf)).toEqual([]);
    expect(new Set(EVENT_EXAMPLES.map((e) => e.definition)).size).toBe(EVENT_EXAMPLES.length);
  });

  describe.each(rows)('$name', (example) => {
    const { definition, data } = example;

    it('both accept the example, as data and in its envelope', () => {
      expect(classValidatorAccepts(definition, data)).toBe(true);
      expect(dataSchemaAccepts(definition, data)).toBe(true);
      const envelope = exampleEnvelope(example);
      expect(classValidatorAcceptsEnvelope(envelope)).toBe(true);
      expect(payloadSchemaAccepts(definition, envelope)).toBe(true);
    });

    it('both refuse each hostile variant of its data, but where class-validator takes an array for a declared object', () => {
      const verdicts = compare(
        hostileVariants(data),
        data,
        (body) => classValidatorAccepts(definition, body),
        (body) => dataSchemaAccepts(definition, body),
      );
      expect({ looser: verdicts.looser, stricter: verdicts.stricter }).toEqual({ looser: [], stricter: [] });
    });
  });

  it('both refuse each hostile variant of a whole envelope, but where class-validator takes an array for a declared object', () => {
    const envelope: EventEnvelope = {
      ...exampleEnvelope(rows.find((r) => r.definition === OrderPlaced) as (typeof rows)[number]),
      causationId: '6a1f0c2e-8b3d-4e5f-9a7b-1c2d3e4f5a6b',
      actor: { channel: 'pos', locationId: 's-001', principal: 'store/pos/s-001/alice' },
    };
    const verdicts = compare(hostileVariants(envelope), envelope, classValidatorAcceptsEnvelope, (body) =>
      payloadSchemaAccepts(OrderPlaced, body),
    );
    expect({ looser: verdicts.looser, stricter: verdicts.stricter }).toEqual({ looser: [], stricter: [] });
    expect(verdicts.checked).toBeGreaterThan(200);
  });

  const dataOf = (definition: EventDefinition): Record<string, unknown> =>
    JSON.parse(JSON.stringify(EVENT_EXAMPLES.find((e) => e.definition === definition)?.data)) as Record<
      string,
      unknown
    >;
  const placed = dataOf(OrderPlaced);
  const placedLine = (placed.lines as Array<Record<string, unknown>>)[0];
  const invalid: Array<[string, EventDefinition, unknown]> = [
    ['a pickup code of five digits', ReadyForPickup, { ...dataOf(ReadyForPickup), pickupCode: '12345' }],
    ['an expiry that is no date-time', ReadyForPickup, { ...dataOf(ReadyForPickup), expiresAt: 'tomorrow' }],
    ['an order without its id', OrderPlaced, { ...placed, orderId: undefined }],
    ['an order without lines', OrderPlaced, { ...placed, lines: [] }],
    [
      'an order of 101 lines',
      OrderPlaced,
      { ...placed, lines: Array.from({ length: 101 }, (_, i) => ({ ...placedLine, lineNo: i + 1 })) },
    ],
    ['a channel that is not one', OrderPlaced, { ...placed, channel: 'fax' }],
    ['a quantity of 0', OrderPlaced, { ...placed, lines: [{ ...placedLine, qty: 0 }] }],
    ['a fractional quantity', OrderPlaced, { ...placed, lines: [{ ...placedLine, qty: 1.5 }] }],
    ['a lower-case currency', OrderPlaced, { ...placed, lines: [{ ...placedLine, currency: 'gbp' }] }],
    [
      'a delivery of an unknown kind',
      OrderPlaced,
      { ...placed, lines: [{ ...placedLine, delivery: { type: 'drone' } }] },
    ],
    [
      'a hold of 101 lines',
      StockHeld,
      {
        ...dataOf(StockHeld),
        lines: Array.from({ length: 101 }, (_, i) => ({ lineNo: i + 1, sku: 'S', locationId: 's-001', qty: 1 })),
      },
    ],
    ['line ids that are numbers', OrderCancelled, { ...dataOf(OrderCancelled), lineIds: [1, 2] }],
    [
      'a return method that is not one',
      ReturnAuthorised,
      { ...dataOf(ReturnAuthorised), returnTo: { method: 'drone', locationId: 's-001' } },
    ],
  ];

  it.each(invalid)('both refuse %s', (_what, definition, data) => {
    expect(classValidatorAccepts(definition, data)).toBe(false);
    expect(dataSchemaAccepts(definition, data)).toBe(false);
  });

  it('both refuse an envelope of a version that is not declared', () => {
    const envelope = {
      ...exampleEnvelope(rows.find((r) => r.definition === OrderPlaced) as (typeof rows)[number]),
      version: 2,
    };
    expect(classValidatorAcceptsEnvelope(envelope)).toBe(false);
    expect(payloadSchemaAccepts(OrderPlaced, envelope)).toBe(false);
  });

  it('differ, as known, where class-validator takes an array for an object declared without @IsObject (LocationChangedV1.address)', () => {
    const location = dataOf(LocationChanged);
    const addressAsArray = { ...location, address: [location.address] };
    expect(classValidatorAccepts(LocationChanged, addressAsArray)).toBe(true);
    expect(dataSchemaAccepts(LocationChanged, addressAsArray)).toBe(false);
  });
});
