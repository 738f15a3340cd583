import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsResourceId, IsSku } from '@omni/contracts';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_MOVEMENT_QUANTITY, MOVEMENT_TYPES, type MovementType } from '../stock.rules';

export class RecordMovementDto {
  @IsSku() sku: string;
  @IsResourceId() locationId: string;
  @ApiProperty({ enum: MOVEMENT_TYPES }) @IsIn(MOVEMENT_TYPES) type: MovementType;
  /** Units moved; signed for an adjustment; the counted figure for a count. */
  @IsInt() @Min(-MAX_MOVEMENT_QUANTITY) @Max(MAX_MOVEMENT_QUANTITY) quantity: number;
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
  @IsOptional() @IsString() @MaxLength(200) reference?: string;
}

export class SkuParams {
  @IsSku() sku: string;
}

export class LevelParams extends SkuParams {
  @IsResourceId() locationId: string;
}

export class SafetyStockDto {
  @IsInt() @Min(0) @Max(MAX_MOVEMENT_QUANTITY) safetyStock: number;
}

export class MovementsQuery {
  @IsOptional() @IsResourceId() locationId?: string;
  /** `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(300) cursor?: string;
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
