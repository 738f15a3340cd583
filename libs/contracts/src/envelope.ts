import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsObject, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { SERVICES, type ServiceName } from './topics';

export const CHANNELS = ['web', 'app', 'pos', 'callcenter', 'marketplace'] as const;
export type Channel = (typeof CHANNELS)[number];

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
  @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @IsOptional() @IsString() locationId?: string;
  @IsOptional() @IsString() principal?: string;
}

/** Validates an envelope received from the log before any handler sees it. */
export class EnvelopeDto implements EventEnvelope<Record<string, unknown>> {
  @IsUUID() id: string;
  @IsString() type: string;
  @IsInt() @Min(1) version: number;
  @IsISO8601() occurredAt: string;
  @IsIn(SERVICES) source: ServiceName;
  @IsString() key: string;
  @IsString() correlationId: string;
  @IsOptional() @IsString() causationId: string | null;
  @ValidateNested() @Type(() => ActorDto) actor: ActorDto;
  @IsObject() data: Record<string, unknown>;
}
