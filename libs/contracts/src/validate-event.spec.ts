import { randomUUID } from 'node:crypto';
import { IsInt, IsString, Min } from 'class-validator';
import { defineEvent, sourceOfEventType, topicOfEventType } from './event-definition';
import './events';
import { allChangelogTopics, CHANGELOG_TOPIC_CONFIG, topicOf } from './topics';
import { EVENT_EXAMPLES, exampleEnvelope } from './event-examples';
import { InvalidEventError, validateEvent, validateEventData } from './validate-event';

class WidgetCountedV1 {
  @IsString() sku: string;
  @IsInt() @Min(0) counted: number;
}
const WidgetCounted = defineEvent('inventory', 'inventory.widget-counted', 1, WidgetCountedV1);

const envelope = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: WidgetCounted.type,
  version: 1,
  occurredAt: new Date().toISOString(),
  source: 'inventory',
  key: 'SKU-1',
  correlationId: randomUUID(),
  causationId: null,
  actor: { channel: 'pos', locationId: 's-001', principal: 'alice' },
  data: { sku: 'SKU-1', counted: 3 },
  ...overrides,
});

describe('event contracts', () => {
  it('accepts an envelope whose data matches its declared version, as an instance of the data class', () => {
    const event = validateEvent(envelope());
    expect(event.data).toBeInstanceOf(WidgetCountedV1);
    expect(event.data).toEqual({ sku: 'SKU-1', counted: 3 });
  });

  it.each(EVENT_EXAMPLES.map((e) => [e.definition.type, e] as const))(
    'answers %s as class-validator and class-transformer would, when it skips them',
    (_type, example) => {
      const sent = JSON.parse(JSON.stringify(exampleEnvelope(example))) as Record<string, unknown>;
      const event = validateEvent(sent);
      expect(event.data).toBeInstanceOf(example.definition.data);
      expect(event).toEqual({ ...sent, data: validateEventData(example.definition, sent.data) });
    },
  );

  it('rejects data that breaks the contract, naming the field', () => {
    expect(() => validateEvent(envelope({ data: { sku: 'SKU-1', counted: -1 } }))).toThrow(/data\.counted/);
  });

  it('rejects an unknown type or version rather than guessing its shape', () => {
    expect(() => validateEvent(envelope({ version: 2 }))).toThrow(InvalidEventError);
    expect(() => validateEvent(envelope({ type: 'inventory.never-declared' }))).toThrow(/unknown event/);
  });

  it('rejects a malformed envelope', () => {
    expect(() => validateEvent(envelope({ id: 'not-a-uuid' }))).toThrow(/id/);
    expect(() => validateEvent(envelope({ source: 'billing' }))).toThrow(/source/);
    expect(() => validateEvent('just a string')).toThrow(InvalidEventError);
    expect(() => validateEvent(null)).toThrow(InvalidEventError);
    expect(() => validateEvent([envelope()])).toThrow(InvalidEventError);
  });

  it('refuses to declare the same type and version twice, or a type outside its source', () => {
    expect(() => defineEvent('inventory', 'inventory.widget-counted', 1, WidgetCountedV1)).toThrow(/declared twice/);
    expect(() => defineEvent('orders', 'inventory.widget-moved', 1, WidgetCountedV1)).toThrow(
      /must start with its source/,
    );
  });

  it('derives topic and owner from names, with the isolating prefix', () => {
    expect(topicOf('orders', '')).toBe('omni.orders.v1');
    expect(topicOf('dlq', 't1.')).toBe('t1.omni.dlq.v1');
    expect(sourceOfEventType('fulfilment.pickup-handed-over')).toBe('fulfilment');
  });

  it('maps each event type to one topic: a state record to its compacted changelog, any other event to its source', () => {
    expect(topicOfEventType('inventory.stock-level-changed', 't1.')).toBe('t1.omni.inventory.v1');
    expect(topicOfEventType('inventory.stock-level-snapshot', 't1.')).toBe(
      't1.omni.inventory.stock-levels.changelog.v1',
    );
    expect(topicOfEventType('inventory.location-snapshot', '')).toBe('omni.inventory.locations.changelog.v1');
    expect(topicOfEventType('inventory.hold-snapshot', '')).toBe('omni.inventory.holds.changelog.v1');
    expect(allChangelogTopics('')).toEqual([
      'omni.inventory.locations.changelog.v1',
      'omni.inventory.stock-levels.changelog.v1',
      'omni.inventory.holds.changelog.v1',
    ]);
    expect(CHANGELOG_TOPIC_CONFIG).toContainEqual({ name: 'cleanup.policy', value: 'compact' });
    expect(() => defineEvent('inventory', 'inventory.stock-level-snapshot', 2, WidgetCountedV1)).toThrow(/same topic/);
  });
});
