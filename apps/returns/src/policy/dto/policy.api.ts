import { api } from '@omni/platform';
import { RETURN_REASONS, type CategoryRule } from '../policy.rules';
import type { ReturnPolicyView, SkuRuleView } from './policy.dto';

export const RETURN_POLICY_VIEW = api.component(
  'ReturnPolicy',
  api.objectOf<ReturnPolicyView>({
    defaultWindowDays: api.integer({ minimum: 0 }),
    restockingFeeBps: api.integer({
      minimum: 0,
      maximum: 10_000,
      description: 'Basis points of the refunded price: 1000 = 10%.',
    }),
    feeWaivedReasons: api.arrayOf(api.oneOfValues(RETURN_REASONS)),
    categories: api.arrayOf(
      api.objectOf<CategoryRule>({
        category: api.string(),
        windowDays: api.integer({ minimum: 0 }),
        skuPrefixes: api.arrayOf(api.string()),
      }),
    ),
    updatedAt: api.nullable(api.dateTime()),
  }),
);

export const SKU_RULE_VIEW = api.component(
  'SkuReturnRule',
  api.objectOf<SkuRuleView>({
    sku: api.string(),
    category: api.nullable(api.string()),
    windowDays: api.integer({ minimum: 0 }),
    returnable: api.boolean(),
    explicit: api.boolean({
      description: 'Whether the SKU has a setting of its own, or follows prefixes and the default.',
    }),
  }),
);
