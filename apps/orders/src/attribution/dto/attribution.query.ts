import { IsResourceId } from '@omni/contracts';
import { IsISO8601, IsOptional } from 'class-validator';

export class AttributionQuery {
  /** Inclusive, ISO-8601 (UTC). */
  @IsISO8601({ strict: true }) from: string;
  /** Exclusive, ISO-8601 (UTC). */
  @IsISO8601({ strict: true }) to: string;
  /** One store only; store staff may name only their own. */
  @IsOptional() @IsResourceId() locationId?: string;
}
