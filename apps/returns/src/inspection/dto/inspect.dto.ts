import { ApiProperty } from '@nestjs/swagger';
import { DISPOSITIONS, MAX_ORDER_LINES, type Disposition } from '@omni/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ID_PATTERN } from '../../returns/dto/return.dto';

export class DispositionDto {
  @Matches(ID_PATTERN, { message: 'orderLineId must be 1-128 letters, digits, dots, dashes, colons or underscores' }) orderLineId: string;
  @ApiProperty({ enum: DISPOSITIONS }) @IsIn(DISPOSITIONS) disposition: Disposition;
  @IsInt() @Min(1) @Max(10_000) qty: number;
  /** For a transfer: where the units are sent (a DC). */
  @IsOptional() @Matches(ID_PATTERN, { message: 'toLocationId must be 1-128 letters, digits, dots, dashes, colons or underscores' })
  toLocationId?: string;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

/** Dispositions for some or all received units; a line may be split between dispositions. */
export class InspectReturnDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDER_LINES * 4) @ValidateNested({ each: true }) @Type(() => DispositionDto)
  lines: DispositionDto[];
}
