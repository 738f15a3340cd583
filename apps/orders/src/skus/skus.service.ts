import { Injectable } from '@nestjs/common';
import { PROBLEMS } from '@omni/contracts';
import { ProblemException, type StatementPart } from '@omni/platform';
import { unknownSkuDetail, type SkuFacts } from './skus.rules';

/**
 * The SKUs the network has ever known (known_skus), learnt from inventory's stock-levels and holds
 * changelogs: a SKU once stocked anywhere stays orderable (it may be out of stock, that is sourcing's
 * answer), so a row is only ever added, one per SKU however many locations stock it.
 */
@Injectable()
export class SkusService {
  /** Records `skus`: a write to ride on another statement, answering those that were new as `ref`; null for none. */
  learnt(skus: readonly string[]): StatementPart | null {
    if (!skus.length) return null;
    // Sorted input, so two replicas replaying the same changelog take the same rows in the same order.
    return (from) => ({
      sql: `INSERT INTO known_skus (sku) SELECT s FROM unnest($${from}::text[]) AS s ORDER BY 1 ON CONFLICT (sku) DO NOTHING RETURNING sku AS ref`,
      params: [[...skus].sort()],
    });
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
