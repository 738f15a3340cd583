import { ApiProperty } from '@nestjs/swagger';
import { IsSku, NestedObjects } from '@omni/contracts';
import { ApiSchema } from '@omni/platform';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  MAX_FEE_BPS,
  MAX_WINDOW_DAYS,
  RETURN_REASONS,
  type CategoryRule,
  type ReturnPolicy,
  type ReturnReason,
  type SkuRule,
} from '../policy.rules';

const CATEGORY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CATEGORY_MESSAGE = 'category must be 1-64 lowercase letters, digits, dashes or underscores';

export class CategoryRuleDto implements CategoryRule {
  @Matches(CATEGORY_PATTERN, { message: CATEGORY_MESSAGE }) category: string;
  @IsInt() @Min(0) @Max(MAX_WINDOW_DAYS) windowDays: number;
  /** A prefix of a SKU is itself shaped like one. */
  @IsArray() @ArrayMaxSize(100) @ArrayUnique() @IsSku({ each: true }) skuPrefixes: string[];
}

/** The whole policy, replaced at once so that it is never seen half-changed. */
export class ReturnPolicyDto implements ReturnPolicy {
  @IsInt() @Min(0) @Max(MAX_WINDOW_DAYS) defaultWindowDays: number;
  /** Basis points of the refunded price: 1000 = 10%. */
  @IsInt() @Min(0) @Max(MAX_FEE_BPS) restockingFeeBps: number;
  @ApiProperty({ enum: RETURN_REASONS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(RETURN_REASONS, { each: true })
  feeWaivedReasons: ReturnReason[];
  @ArrayMaxSize(200) @NestedObjects(() => CategoryRuleDto) categories: CategoryRuleDto[];
}

export class SkuParams {
  @IsSku() sku: string;
}

export class SkuSettingDto {
  /** Puts the SKU in this category whatever its prefix; null or absent: by prefix. */
  @ApiSchema({ type: ['string', 'null'] })
  @IsOptional()
  @Matches(CATEGORY_PATTERN, { message: CATEGORY_MESSAGE })
  category?: string | null;
  @IsBoolean() returnable: boolean;
}

export interface ReturnPolicyView extends ReturnPolicy {
  updatedAt: string | null;
}

export interface SkuRuleView extends SkuRule {
  /** Whether the SKU has a setting of its own, or follows prefixes and the default. */
  explicit: boolean;
}
