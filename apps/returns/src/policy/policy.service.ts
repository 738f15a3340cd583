import { Injectable } from '@nestjs/common';
import { TransactionHost, validationProblem } from '@omni/platform';
import { In } from 'typeorm';
import type { ReturnPolicyDto, ReturnPolicyView, SkuRuleView, SkuSettingDto } from './dto/policy.dto';
import { ReturnPolicyRecord, SkuPolicyRecord } from './policy.entity';
import { DEFAULT_POLICY, policyProblem, ruleForSku, type ReturnPolicy, type SkuRule } from './policy.rules';

const POLICY_ID = 1;

@Injectable()
export class PolicyService {
  constructor(private readonly tx: TransactionHost) {}

  async view(): Promise<ReturnPolicyView> {
    const record = await this.tx.manager.findOne(ReturnPolicyRecord, { where: { id: POLICY_ID } });
    return { ...toPolicy(record), updatedAt: record?.updatedAt.toISOString() ?? null };
  }

  async replace(dto: ReturnPolicyDto): Promise<ReturnPolicyView> {
    const problem = policyProblem(dto);
    if (problem) throw validationProblem([{ field: 'categories', message: problem }]);
    return this.tx.run(async (manager) => {
      const record = manager.create(ReturnPolicyRecord, {
        id: POLICY_ID,
        defaultWindowDays: dto.defaultWindowDays,
        restockingFeeBps: dto.restockingFeeBps,
        feeWaivedReasons: dto.feeWaivedReasons,
        categories: dto.categories.map(({ category, windowDays, skuPrefixes }) => ({
          category,
          windowDays,
          skuPrefixes,
        })),
        updatedAt: new Date(),
      });
      await manager.save(record);
      return { ...toPolicy(record), updatedAt: record.updatedAt.toISOString() };
    });
  }

  async skuRule(sku: string): Promise<SkuRuleView> {
    const [rules, setting] = await Promise.all([
      this.rulesFor([sku]),
      this.tx.manager.findOne(SkuPolicyRecord, { where: { sku } }),
    ]);
    return { ...(rules.get(sku) as SkuRule), explicit: setting !== null };
  }

  async setSku(sku: string, dto: SkuSettingDto): Promise<SkuRuleView> {
    await this.tx.run((manager) =>
      manager.save(
        manager.create(SkuPolicyRecord, {
          sku,
          category: dto.category ?? null,
          returnable: dto.returnable,
          updatedAt: new Date(),
        }),
      ),
    );
    return this.skuRule(sku);
  }

  async clearSku(sku: string): Promise<SkuRuleView> {
    await this.tx.run((manager) => manager.delete(SkuPolicyRecord, { sku }));
    return this.skuRule(sku);
  }

  /** The policy in force, for a use case that snapshots it (e.g. the fee rate at authorisation). */
  async current(): Promise<ReturnPolicy> {
    return toPolicy(await this.tx.manager.findOne(ReturnPolicyRecord, { where: { id: POLICY_ID } }));
  }

  async rulesFor(skus: readonly string[], policy?: ReturnPolicy): Promise<Map<string, SkuRule>> {
    const inForce = policy ?? (await this.current());
    const settings = skus.length ? await this.tx.manager.find(SkuPolicyRecord, { where: { sku: In([...skus]) } }) : [];
    const bySku = new Map(settings.map((s) => [s.sku, s]));
    return new Map(skus.map((sku) => [sku, ruleForSku(inForce, sku, bySku.get(sku))]));
  }
}

function toPolicy(record: ReturnPolicyRecord | null): ReturnPolicy {
  if (!record) return DEFAULT_POLICY;
  const { defaultWindowDays, restockingFeeBps, feeWaivedReasons, categories } = record;
  return { defaultWindowDays, restockingFeeBps, feeWaivedReasons, categories };
}
