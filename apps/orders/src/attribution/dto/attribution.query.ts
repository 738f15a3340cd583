import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { ID_PATTERN } from '../../orders/dto/place-order.dto';

export class AttributionQuery {
  /** Inclusive, ISO-8601 (UTC). */
  @IsISO8601({ strict: true }) from: string;
  /** Exclusive, ISO-8601 (UTC). */
  @IsISO8601({ strict: true }) to: string;
  /** One store only; store staff may name only their own. */
  @IsOptional() @Matches(ID_PATTERN) locationId?: string;
}
