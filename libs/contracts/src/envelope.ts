import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsObject, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { SERVICES, type ServiceName } from './topics';

export const CHANNELS = ['web', 'app', 'pos', 'callcenter', 'marketplace'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The Kafka record headers every event carries beside its envelope: a consumer passes over the types it
 * does not handle by `event-type` alone, without parsing the value.
 */
export const EVENT_HEADERS = { type: 'event-type', id: 'event-id', correlationId: 'correlation-id' } as const;

/** Who caused an event: the channel, the location and the principal (token subject). */
export interface Actor {
  channel?: Channel;
  locationId?: string;
  principal?: string;
}

/** The one envelope every event travels in (docs/architecture.md, "The event log"). */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  source: ServiceName;
  key: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  data: T;
}

export class ActorDto implements Actor {
  @JSONSchema({ description: 'The channel of the request that caused it.' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;
  @JSONSchema({ description: 'The location the caller acted at (a store).' })
  @IsOptional()
  @IsString()
  locationId?: string;
  @JSONSchema({ description: "The caller's identity key (role, channel, locations, subject)." })
  @IsOptional()
  @IsString()
  principal?: string;
}

/** Validates an envelope received from the log before any handler sees it. */
export class EnvelopeDto implements EventEnvelope<Record<string, unknown>> {
  @JSONSchema({ description: 'Unique per event: consumers deduplicate by it, so a redelivery has no effect.' })
  @IsUUID()
  id: string;
  @JSONSchema({ description: 'What happened (or, for a state record, what it is), prefixed by its source.' })
  @IsString()
  type: string;
  @JSONSchema({
    description: "The version of the type's data shape: a change of shape is a new version, published beside the old.",
  })
  @IsInt()
  @Min(1)
  version: number;
  @JSONSchema({ description: 'When it happened (UTC).' })
  @IsISO8601()
  occurredAt: string;
  @JSONSchema({ description: 'The service that published it, the owner of its type.' })
  @IsIn(SERVICES)
  source: ServiceName;
  @JSONSchema({ description: "The record's Kafka key: the aggregate whose events stay in order." })
  @IsString()
  key: string;
  @JSONSchema({ description: 'The request that started the chain, carried into every event it causes.' })
  @IsString()
  correlationId: string;
  @JSONSchema({
    description: 'The id of the event whose handling published this one; null when a request or a timer did.',
  })
  @IsOptional()
  @IsString()
  causationId: string | null;
  @JSONSchema({ description: 'Who caused it.' })
  @ValidateNested()
  @Type(() => ActorDto)
  actor: ActorDto;
  @JSONSchema({ description: "The event's own data: its shape is the type and version's." })
  @IsObject()
  data: Record<string, unknown>;
}
