import { ApiProperty } from '@nestjs/swagger';
import { DISPOSITIONS, IsResourceId, MAX_ORDER_LINES, NestedObjects, type Disposition } from '@omni/contracts';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class DispositionDto {
  @IsResourceId() orderLineId: string;
  @ApiProperty({ enum: DISPOSITIONS }) @IsIn(DISPOSITIONS) disposition: Disposition;
  @IsInt() @Min(1) @Max(10_000) qty: number;
  /** For a transfer: where the units are sent (a DC). */
  @IsOptional() @IsResourceId() toLocationId?: string;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

/** Dispositions for some or all received units; a line may be split between dispositions. */
export class InspectReturnDto {
  @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES * 4) @NestedObjects(() => DispositionDto) lines: DispositionDto[];
}
