// Sales credited to the store associate who assisted them, whichever channel completed the sale.
import type { Channel } from '@omni/contracts';
import type { LineStatus } from '../status/status.rules';

/** Lines that never became a sale: cancelled, or that no location could serve. */
export const UNCREDITED_LINE_STATUSES: readonly LineStatus[] = ['cancelled', 'unfulfillable'];

export const MAX_REPORT_DAYS = 366;

/** One associate x store x currency, as summed by the database. */
export interface SalesRow {
  staffId: string;
  locationId: string;
  currency: string;
  salesMinor: number;
  units: number;
  orders: number;
  channels: Channel[];
}

export interface RefundRow {
  staffId: string;
  locationId: string;
  currency: string;
  refundedMinor: number;
}

export interface CurrencyTotals {
  currency: string;
  salesMinor: number;
  refundedMinor: number;
  netMinor: number;
  /** Orders with at least one credited line in this currency. */
  orders: number;
  units: number;
}

export interface AssociateCredit {
  staffId: string;
  locationId: string;
  channels: Channel[];
  totals: CurrencyTotals[];
}

export interface StoreCredit {
  locationId: string;
  totals: CurrencyTotals[];
}

export interface Attribution {
  associates: AssociateCredit[];
  stores: StoreCredit[];
}

const empty = (currency: string): CurrencyTotals => ({
  currency,
  salesMinor: 0,
  refundedMinor: 0,
  netMinor: 0,
  orders: 0,
  units: 0,
});

function add(
  into: Map<string, CurrencyTotals>,
  currency: string,
  patch: Partial<Omit<CurrencyTotals, 'currency' | 'netMinor'>>,
): void {
  const t = into.get(currency) ?? empty(currency);
  t.salesMinor += patch.salesMinor ?? 0;
  t.refundedMinor += patch.refundedMinor ?? 0;
  t.orders += patch.orders ?? 0;
  t.units += patch.units ?? 0;
  t.netMinor = t.salesMinor - t.refundedMinor;
  into.set(currency, t);
}

const byCurrency = (m: Map<string, CurrencyTotals>) =>
  [...m.values()].sort((a, b) => a.currency.localeCompare(b.currency));
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Credits per associate (at the store they assisted from) and per store. Each order has one
 * associate, so a store's order count is the sum of its associates'. Currencies are never mixed.
 */
export function attribute(sales: readonly SalesRow[], refunds: readonly RefundRow[]): Attribution {
  const associates = new Map<
    string,
    { staffId: string; locationId: string; channels: Set<Channel>; totals: Map<string, CurrencyTotals> }
  >();
  const stores = new Map<string, Map<string, CurrencyTotals>>();
  const associate = (staffId: string, locationId: string) => {
    const key = JSON.stringify([staffId, locationId]);
    const found = associates.get(key) ?? { staffId, locationId, channels: new Set<Channel>(), totals: new Map() };
    associates.set(key, found);
    return found;
  };
  const store = (locationId: string) => {
    const found = stores.get(locationId) ?? new Map<string, CurrencyTotals>();
    stores.set(locationId, found);
    return found;
  };
  for (const row of sales) {
    const a = associate(row.staffId, row.locationId);
    row.channels.forEach((c) => a.channels.add(c));
    const credit = { salesMinor: row.salesMinor, orders: row.orders, units: row.units };
    add(a.totals, row.currency, credit);
    add(store(row.locationId), row.currency, credit);
  }
  for (const row of refunds) {
    add(associate(row.staffId, row.locationId).totals, row.currency, { refundedMinor: row.refundedMinor });
    add(store(row.locationId), row.currency, { refundedMinor: row.refundedMinor });
  }
  return {
    associates: [...associates.values()]
      .sort((a, b) => compare(a.locationId, b.locationId) || compare(a.staffId, b.staffId))
      .map((a) => ({
        staffId: a.staffId,
        locationId: a.locationId,
        channels: [...a.channels].sort(),
        totals: byCurrency(a.totals),
      })),
    stores: [...stores.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([locationId, totals]) => ({ locationId, totals: byCurrency(totals) })),
  };
}

/** Undefined when the period is usable; otherwise what is wrong with it. */
export function periodProblem(from: Date, to: Date): string | undefined {
  if (to.getTime() <= from.getTime()) return 'to must be after from';
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000)
    return `a report covers at most ${MAX_REPORT_DAYS} days`;
  return undefined;
}
