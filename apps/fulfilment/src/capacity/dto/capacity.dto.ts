import { IsResourceId } from '@omni/contracts';
import { ApiSchema } from '@omni/platform';
import { IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';

export class LocationIdParams {
  @IsResourceId() id: string;
}

@ApiSchema({ required: ['dailyOrderLimit'] })
export class PutCapacityDto {
  /** New fulfilment orders the location may take per local day; null removes the limit. */
  @ApiSchema({ type: ['integer', 'null'] })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(100_000)
  dailyOrderLimit: number | null;
  /** HH:MM local time after which the store takes no same-day work (default SAME_DAY_CUTOFF). */
  @IsOptional()
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'sameDayCutoff must be HH:MM (24h)' })
  sameDayCutoff?: string;
}

export interface CapacityView {
  locationId: string;
  dailyOrderLimit: number | null;
  sameDayCutoff: string | null;
  today: { day: string; timezone: string; used: number; closed: boolean; remaining: number | null };
}
