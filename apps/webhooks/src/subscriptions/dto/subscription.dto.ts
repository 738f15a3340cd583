import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, IsUuidId, type Channel } from '@omni/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../moments/moments.rules';
import { MAX_URL_LENGTH } from '../subscriptions.rules';

export const DEFAULT_SUBSCRIPTION_PAGE = 50;
export const MAX_SUBSCRIPTION_PAGE = 200;

export class CreateSubscriptionDto {
  /** Whose orders' events: an admin names it; a channel client may leave it out (its own) or name only its own. */
  @ApiProperty({ enum: CHANNELS, required: false }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  /** Where each delivery is POSTed: http(s); https only in production, never to loopback or private networks there. */
  @ApiProperty({ maxLength: MAX_URL_LENGTH, example: 'https://shop.example.com/hooks/omni' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_URL_LENGTH)
  url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: WebhookEventType[];
  @ApiProperty({ required: false, maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) description?: string;
}

export class SubscriptionParams {
  @IsUuidId() id: string;
}

export class ListSubscriptionsQuery {
  /** Admins may narrow the list to one channel; a channel client sees its own channel's only, and may name only it. */
  @ApiProperty({ enum: CHANNELS, required: false }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @ApiProperty({ required: false, minimum: 1, maximum: MAX_SUBSCRIPTION_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SUBSCRIPTION_PAGE)
  limit?: number;
  /** `nextCursor` of the previous page. */
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

export interface SubscriptionView {
  id: string;
  channel: Channel;
  url: string;
  eventTypes: WebhookEventType[];
  description: string | null;
  createdAt: string;
}

/** The create answer only: the signing secret is shown this once. */
export interface CreatedSubscriptionView extends SubscriptionView {
  secret: string;
}
