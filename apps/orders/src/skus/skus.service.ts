import { Injectable } from '@nestjs/common';
import { PROBLEMS } from '@omni/contracts';
import { ProblemException, queryRows, TransactionHost } from '@omni/platform';
import { skuFacts, unknownSkuDetail, type SkuFacts } from './skus.rules';

/**
 * The SKUs the network has ever known (known_skus), learnt from inventory's stock-levels and holds
 * changelogs: a SKU once stocked anywhere stays orderable (it may be out of stock, that is sourcing's
 * answer), so a row is only ever added, one per SKU however many locations stock it.
 */
@Injectable()
export class SkusService {
  constructor(private readonly tx: TransactionHost) {}

  /** Records `skus` (in the ambient transaction); answers those that were new. */
  async learn(skus: readonly string[]): Promise<string[]> {
    if (!skus.length) return [];
    // Sorted input, so two replicas replaying the same changelog take the same rows in the same order.
    const rows = await queryRows<{ sku: string }>(
      this.tx.manager,
      `INSERT INTO known_skus (sku) SELECT s FROM unnest($1::text[]) AS s ORDER BY 1 ON CONFLICT (sku) DO NOTHING RETURNING sku`,
      [[...skus].sort()],
    );
    return rows.map((r) => r.sku);
  }

  /** Those of `skus` the network knows. */
  async known(skus: readonly string[]): Promise<Set<string>> {
    if (!skus.length) return new Set();
    const rows = await queryRows<{ sku: string }>(
      this.tx.manager,
      `SELECT sku FROM known_skus WHERE sku = ANY($1::text[])`,
      [[...new Set(skus)]],
    );
    return new Set(rows.map((r) => r.sku));
  }

  /** Each line's SKU (`lines.<i>.sku`, in line order) with whether the network knows it. */
  async check(lineSkus: readonly string[]): Promise<SkuFacts[]> {
    return skuFacts(lineSkus, await this.known(lineSkus));
  }

  /** One 422 naming every line whose SKU no location has ever stocked. */
  refusal(unknown: readonly SkuFacts[]): ProblemException {
    const errors = unknown.map(({ field, sku }) => ({ field, message: unknownSkuDetail(sku) }));
    return new ProblemException(PROBLEMS.unknownSku, errors.map((e) => e.message).join('; '), {
      skus: [...new Set(unknown.map((s) => s.sku))],
      errors,
    });
  }
}
