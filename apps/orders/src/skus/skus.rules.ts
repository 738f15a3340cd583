// Whether an order line names a SKU the network has ever stocked: pure, the facts come in as arguments.

/** A line's SKU against what orders has learnt of the network's SKUs (inventory's stock levels and holds). */
export interface SkuFacts {
  /** Where the request named it, e.g. `lines.2.sku`. */
  field: string;
  sku: string;
  known: boolean;
}

/** Each line's SKU with whether orders knows it, in line order; `known` is the set of those it knows. */
export function skuFacts(skus: readonly string[], known: ReadonlySet<string>): SkuFacts[] {
  return skus.map((sku, i) => ({ field: `lines.${i}.sku`, sku, known: known.has(sku) }));
}

/** The distinct SKUs a batch of stock levels and hold lines makes known: one row per SKU, however many levels. */
export function skusOf(
  levels: ReadonlyArray<{ sku: string }>,
  holds: ReadonlyArray<{ lines: ReadonlyArray<{ sku: string }> }>,
): string[] {
  return [...new Set([...levels.map((l) => l.sku), ...holds.flatMap((h) => h.lines.map((l) => l.sku))])].sort();
}

export const unknownSkuDetail = (sku: string): string =>
  `sku ${sku} is not known to the network: no location has ever stocked it`;

export const skuNotYetDetail = (sku: string): string =>
  `sku ${sku} has not reached orders yet: orders is still reading inventory's changelogs, the order is placed or rejected once it has`;
