import { EnvelopeDto, EVENT_HEADERS } from './envelope';
import { allEventDefinitions, topicOfEventType, type EventDefinition } from './event-definition';
import { consumersOf, type EventConsumer } from './event-consumers';
import { exampleEnvelope, exampleOf } from './event-examples';
import { classSchemas, type JsonSchema } from './json-schema';
import { CHANGELOG_NAMES, CHANGELOGS, changelogTopicOf, SERVICES, topicOf, type ServiceName } from './topics';

const SCHEMAS = '#/components/schemas/';
const KAFKA_BINDING = '0.5.0';

export const messageIdOf = (d: Pick<EventDefinition, 'type' | 'version'>): string => `${d.type}.v${d.version}`;

interface Topic {
  channel: string;
  address: string;
  owner: ServiceName;
  compacted: boolean;
  description: string;
}

/** One channel per topic: each service's event topic, then each changelog (compacted, keyed by entity). */
const TOPICS: readonly Topic[] = [
  ...SERVICES.map((service) => ({
    channel: service,
    address: topicOf(service, ''),
    owner: service,
    compacted: false,
    description: `What ${service} publishes: the history, in order per key (the aggregate each event names).`,
  })),
  ...CHANGELOG_NAMES.map((changelog) => ({
    channel: `${changelog}-changelog`,
    address: changelogTopicOf(changelog, ''),
    owner: CHANGELOGS[changelog],
    compacted: true,
    description:
      `The ${changelog} as they are now, one record per entity keyed by it, each its whole state. Compacted: the newest record ` +
      'of a key is kept for ever, so a consumer reading from the beginning rebuilds its view at any age of the log.',
  })),
];

/** A consumer group's reading of one channel: a service's handlers (and saga steps) share its group; each reader has its own. */
interface Reading {
  id: string;
  service: ServiceName;
  title: string;
  groupId: JsonSchema;
  messages: string[];
}

function readingOf(consumer: EventConsumer, channel: string): Omit<Reading, 'messages'> {
  const { service } = consumer;
  switch (consumer.via) {
    case 'handlers':
    case 'saga':
      return {
        id: `${service}.handles.${channel}`,
        service,
        title: `${service} handles them (event handlers and saga steps, through its inbox)`,
        groupId: { type: 'string', const: service, description: 'KAFKA_GROUP_ID, by default the service name' },
      };
    case 'changelog':
      return {
        id: `${service}.projects.${channel}`,
        service,
        title: `${service} rebuilds its ${consumer.reader} from the beginning`,
        groupId: {
          type: 'string',
          pattern: `^${service}-${consumer.reader}-`,
          description: 'one group per process: <group>-<reader>-<uuid>',
        },
      };
    case 'live-feed':
      return {
        id: `${service}.follows.${channel}`,
        service,
        title: `${service} follows them live, from the end (caches and SSE of every replica; writes no state)`,
        groupId: {
          type: 'string',
          pattern: `^${service}-live-`,
          description: 'one group per process: <group>-live-<uuid>',
        },
      };
  }
}

function readingsOf(topic: Topic, definitions: readonly EventDefinition[]): Reading[] {
  const readings = new Map<string, Reading>();
  for (const d of definitions) {
    for (const consumer of consumersOf(d.type)) {
      const reading = readingOf(consumer, topic.channel);
      const known = readings.get(reading.id) ?? { ...reading, messages: [] };
      if (!known.messages.includes(messageIdOf(d))) known.messages.push(messageIdOf(d));
      readings.set(reading.id, known);
    }
  }
  return [...readings.values()].sort((a, b) => a.id.localeCompare(b.id));
}

const readers = (type: string): string => {
  const consumers = consumersOf(type);
  if (!consumers.length) return 'No service reads it yet.';
  return `Read by ${consumers.map((c) => `${c.service} (${c.via === 'changelog' ? `${c.reader}, from its changelog` : c.via})`).join(', ')}.`;
};

/** The envelope's schema of a field, narrowed to the one value this message has there. */
const exactly = ({ type, description }: JsonSchema, value: unknown): JsonSchema => ({
  type,
  const: value,
  description,
});

function messageOf(d: EventDefinition, envelope: JsonSchema, dataSchema: string): JsonSchema {
  const envelopeProperties = envelope.properties as Record<string, JsonSchema>;
  const example = exampleOf(d);
  const sample = example && exampleEnvelope(example);
  return {
    name: d.type,
    title: `${d.type} v${d.version}`,
    summary: `Published by ${d.source}. ${readers(d.type)}`,
    contentType: 'application/json',
    headers: {
      type: 'object',
      required: Object.values(EVENT_HEADERS),
      properties: {
        [EVENT_HEADERS.type]: {
          type: 'string',
          const: d.type,
          description: 'The envelope type, so a consumer passes over what it does not handle unread.',
        },
        [EVENT_HEADERS.id]: { type: 'string', format: 'uuid', description: 'The envelope id.' },
        [EVENT_HEADERS.correlationId]: { type: 'string', description: 'The envelope correlationId.' },
      },
    },
    payload: {
      ...envelope,
      properties: {
        ...envelopeProperties,
        type: exactly(envelopeProperties.type, d.type),
        version: exactly(envelopeProperties.version, d.version),
        source: exactly(envelopeProperties.source, d.source),
        data: { $ref: `${SCHEMAS}${dataSchema}` },
      },
    },
    correlationId: { description: 'The request that started the chain.', location: '$message.payload#/correlationId' },
    bindings: { kafka: { key: { type: 'string', description: 'The envelope key.' }, bindingVersion: KAFKA_BINDING } },
    ...(sample
      ? {
          examples: [
            {
              name: 'example',
              headers: {
                [EVENT_HEADERS.type]: sample.type,
                [EVENT_HEADERS.id]: sample.id,
                [EVENT_HEADERS.correlationId]: sample.correlationId,
              },
              payload: sample,
            },
          ],
        }
      : {}),
  };
}

/**
 * An AsyncAPI 3 document for the whole event log, generated from the declared contracts: one message per
 * event type and version, its payload the envelope with that version's data schema (from the data class's
 * class-validator decorators); one channel per topic, with the operations of the service that publishes on
 * it and of every consumer group that reads it (EVENT_CONSUMERS, found in the apps).
 */
export function asyncApiDocument(): JsonSchema {
  const definitions = allEventDefinitions();
  const { schemas, nameOf } = classSchemas([EnvelopeDto, ...definitions.map((d) => d.data)], SCHEMAS);
  const { [EnvelopeDto.name]: envelope, ...componentSchemas } = schemas;
  const messages = Object.fromEntries(definitions.map((d) => [messageIdOf(d), messageOf(d, envelope, nameOf(d.data))]));
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const topic of TOPICS) {
    const onTopic = definitions.filter((d) => topicOfEventType(d.type, '') === topic.address);
    const messageRef = (id: string) => ({ $ref: `#/channels/${topic.channel}/messages/${id}` });
    channels[topic.channel] = {
      address: topic.address,
      title: topic.address,
      description: topic.description,
      messages: Object.fromEntries(
        onTopic.map((d) => [messageIdOf(d), { $ref: `#/components/messages/${messageIdOf(d)}` }]),
      ),
      bindings: {
        kafka: {
          topicConfiguration: { 'cleanup.policy': [topic.compacted ? 'compact' : 'delete'] },
          bindingVersion: KAFKA_BINDING,
        },
      },
    };
    operations[`${topic.owner}.publishes.${topic.channel}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic.channel}` },
      title: `${topic.owner} publishes them`,
      summary: 'Written in the transaction of the change they record (outbox), then relayed to the topic.',
      tags: [{ name: topic.owner }],
      messages: onTopic.map((d) => messageRef(messageIdOf(d))),
    };
    for (const reading of readingsOf(topic, onTopic)) {
      operations[reading.id] = {
        action: 'receive',
        channel: { $ref: `#/channels/${topic.channel}` },
        title: reading.title,
        tags: [{ name: reading.service }],
        messages: reading.messages.map(messageRef),
        bindings: { kafka: { groupId: reading.groupId, bindingVersion: KAFKA_BINDING } },
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    id: 'urn:omni:event-log',
    info: {
      title: 'omni event log',
      version: '1',
      description: [
        'Every event of the four services, on one Kafka cluster. Each record is one JSON envelope (id, type, version, occurredAt, source,',
        'key, correlationId, causationId, actor, data) with `event-type`, `event-id` and `correlation-id` headers; `data` is the',
        "type and version's own shape. A change of shape is a new version, published beside the old until consumers move.",
        'Consumers tolerate fields they do not know (a field may be added within a version), so no object forbids extra',
        'properties; an optional field may be absent or null. Topic names are prefixed with KAFKA_TOPIC_PREFIX where it is set.',
      ].join(' '),
      tags: SERVICES.map((name) => ({ name, description: `the ${name} service` })),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: componentSchemas },
  };
}
