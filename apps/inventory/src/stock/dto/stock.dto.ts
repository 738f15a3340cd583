import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ID_PATTERN } from '../../locations/dto/location.dto';
import { MAX_MOVEMENT_QUANTITY, MOVEMENT_TYPES, type MovementType } from '../stock.rules';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SKU_MESSAGE = 'sku must be 1-64 letters, digits, dots, dashes, colons or underscores';

export class RecordMovementDto {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE }) sku: string;
  @Matches(ID_PATTERN) locationId: string;
  @ApiProperty({ enum: MOVEMENT_TYPES }) @IsIn(MOVEMENT_TYPES) type: MovementType;
  /** Units moved; signed for an adjustment; the counted figure for a count. */
  @IsInt() @Min(-MAX_MOVEMENT_QUANTITY) @Max(MAX_MOVEMENT_QUANTITY) quantity: number;
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
  @IsOptional() @IsString() @MaxLength(200) reference?: string;
}

export class SkuParams {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE }) sku: string;
}

export class LevelParams extends SkuParams {
  @Matches(ID_PATTERN) locationId: string;
}

export class SafetyStockDto {
  @IsInt() @Min(0) @Max(MAX_MOVEMENT_QUANTITY) safetyStock: number;
}

export class MovementsQuery {
  @IsOptional() @Matches(ID_PATTERN) locationId?: string;
  @IsOptional() @Matches(/^[0-9]{1,19}$/, { message: 'cursor is not one this API returned' }) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export interface LevelView {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged: number;
  sellable: number;
  asOf: string;
}
