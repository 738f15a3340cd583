// The return policy as plain code: which rule applies to a SKU, and whether a requested return of
// an order line passes it. Pure, no I/O; every refusal names the rule it broke.

export const RETURN_REASONS = [
  'changed-mind',
  'wrong-size',
  'defective',
  'damaged-in-transit',
  'wrong-item',
  'not-as-described',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const MS_PER_DAY = 86_400_000;
export const MAX_WINDOW_DAYS = 3650;
/** Basis points: 10000 = the whole price. */
export const MAX_FEE_BPS = 10_000;

export interface CategoryRule {
  category: string;
  /** Overrides the default window for SKUs of this category. */
  windowDays: number;
  /** SKUs starting with one of these belong to the category, unless mapped explicitly. */
  skuPrefixes: string[];
}

export interface ReturnPolicy {
  defaultWindowDays: number;
  restockingFeeBps: number;
  /** The merchant's fault: no restocking fee for these. */
  feeWaivedReasons: ReturnReason[];
  categories: CategoryRule[];
}

export const DEFAULT_POLICY: ReturnPolicy = {
  defaultWindowDays: 30,
  restockingFeeBps: 0,
  feeWaivedReasons: ['defective', 'damaged-in-transit', 'wrong-item', 'not-as-described'],
  categories: [],
};

/** An explicit setting for one SKU: its category, and whether it may be returned at all. */
export interface SkuSetting {
  category: string | null;
  returnable: boolean;
}

export interface SkuRule {
  sku: string;
  category: string | null;
  windowDays: number;
  returnable: boolean;
}

/** Explicit mapping first, then the longest matching prefix, then no category (the default window). */
export function ruleForSku(policy: ReturnPolicy, sku: string, setting?: SkuSetting): SkuRule {
  const category = setting?.category ?? categoryByPrefix(policy.categories, sku);
  const rule = category === null ? undefined : policy.categories.find((c) => c.category === category);
  return {
    sku,
    category,
    windowDays: rule?.windowDays ?? policy.defaultWindowDays,
    returnable: setting?.returnable ?? true,
  };
}

function categoryByPrefix(categories: readonly CategoryRule[], sku: string): string | null {
  let best: { category: string; length: number } | null = null;
  for (const c of categories) {
    for (const prefix of c.skuPrefixes) {
      if (sku.startsWith(prefix) && (!best || prefix.length > best.length))
        best = { category: c.category, length: prefix.length };
    }
  }
  return best?.category ?? null;
}

/** Says what is wrong with a policy document, or null: categories must be unique. */
export function policyProblem(policy: ReturnPolicy): string | null {
  const names = policy.categories.map((c) => c.category);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  return duplicate === undefined ? null : `category "${duplicate}" is listed twice`;
}

export const RETURN_RULES = ['order-line', 'non-returnable', 'quantity', 'return-window', 'currency'] as const;
export type ReturnRule = (typeof RETURN_RULES)[number];

export interface Violation {
  rule: ReturnRule;
  orderLineId: string;
  detail: string;
  [fact: string]: unknown;
}

/** What returns knows about an order line when a return of it is asked for. */
export interface LineFacts {
  orderLineId: string;
  sku: string;
  bought: number;
  fulfilled: number;
  /** Units already returned, or authorised and still on their way back. */
  committed: number;
  cancelled: boolean;
  windowOpensAt: Date | null;
  currency: string;
}

/** Units of a line that may still come back. */
export const returnableQty = (facts: LineFacts): number => Math.max(0, facts.fulfilled - facts.committed);

/** Checks one requested line, in the order a customer would want to hear: can it come back at all, how many, is it too late. */
export function checkLine(facts: LineFacts, qty: number, rule: SkuRule, now: Date): Violation | null {
  const { orderLineId, sku } = facts;
  if (!rule.returnable) return { rule: 'non-returnable', orderLineId, sku, detail: `${sku} cannot be returned` };
  const returnable = returnableQty(facts);
  if (qty > returnable) {
    return {
      rule: 'quantity',
      orderLineId,
      requested: qty,
      returnable,
      bought: facts.bought,
      fulfilled: facts.fulfilled,
      alreadyReturned: facts.committed,
      detail: quantityDetail(facts, qty, returnable),
    };
  }
  const closesAt = windowClosesAt(facts.windowOpensAt, rule.windowDays);
  if (closesAt && now.getTime() > closesAt.getTime()) {
    return {
      rule: 'return-window',
      orderLineId,
      windowDays: rule.windowDays,
      category: rule.category,
      windowClosedAt: closesAt.toISOString(),
      detail: `the ${rule.windowDays}-day return window for ${sku} closed at ${closesAt.toISOString()}`,
    };
  }
  return null;
}

export function windowClosesAt(opensAt: Date | null, windowDays: number): Date | null {
  return opensAt && new Date(opensAt.getTime() + windowDays * MS_PER_DAY);
}

function quantityDetail(facts: LineFacts, qty: number, returnable: number): string {
  return `${qty} of order line ${facts.orderLineId} requested, ${returnable} can be returned: ${unitsStory(facts)}`;
}

/** Where the units of a line are, as a refusal explains it. */
function unitsStory(facts: LineFacts): string {
  if (facts.fulfilled === 0)
    return facts.cancelled
      ? 'the line was cancelled before anything left'
      : 'nothing of it has been handed over or shipped yet';
  return `${facts.bought} bought, ${facts.fulfilled} received by the customer, ${facts.committed} already returned or on their way back`;
}

/** Why no unit of a line can come back now. */
export const NOT_RETURNABLE_REASONS = [
  'sku-not-returnable',
  'cancelled',
  'not-handed-over',
  'all-returned',
  'window-closed',
] as const;
export type NotReturnableReason = (typeof NOT_RETURNABLE_REASONS)[number];

/** What of a line may come back now and until when; if nothing, why (reason) and the policy's words (detail). */
export interface Returnability {
  returnableQty: number;
  /** Null until something of the line reached the customer (the window opens then). */
  windowClosesAt: Date | null;
  notReturnable: { reason: NotReturnableReason; detail: string } | null;
}

/**
 * A line as a return of it would be checked: exactly what checkLine says of one unit, so what the
 * returns desk is shown and what a return is refused for never disagree.
 */
export function returnabilityOf(facts: LineFacts, rule: SkuRule, now: Date): Returnability {
  const windowCloses = windowClosesAt(facts.windowOpensAt, rule.windowDays);
  const violation = checkLine(facts, 1, rule, now);
  if (!violation) return { returnableQty: returnableQty(facts), windowClosesAt: windowCloses, notReturnable: null };
  // checkLine of one unit breaks only these three rules; a quantity refusal says which of three states the line is in.
  const reason: NotReturnableReason =
    violation.rule === 'quantity'
      ? noUnitsLeft(facts)
      : violation.rule === 'return-window'
        ? 'window-closed'
        : 'sku-not-returnable';
  const detail = violation.rule === 'quantity' ? unitsStory(facts) : violation.detail;
  return { returnableQty: 0, windowClosesAt: windowCloses, notReturnable: { reason, detail } };
}

function noUnitsLeft(facts: LineFacts): NotReturnableReason {
  if (facts.fulfilled > 0) return 'all-returned';
  return facts.cancelled ? 'cancelled' : 'not-handed-over';
}

export interface RequestedLine {
  orderLineId: string;
  qty: number;
}

/**
 * All violations of a request: lines the order does not have, each line's own check, and lines
 * priced in different currencies (one return is refunded as one amount).
 */
export function checkReturn(
  requested: readonly RequestedLine[],
  facts: ReadonlyMap<string, LineFacts>,
  ruleOf: (sku: string) => SkuRule,
  now: Date,
): Violation[] {
  const violations = requested.flatMap((line): Violation[] => {
    const known = facts.get(line.orderLineId);
    if (!known)
      return [
        { rule: 'order-line', orderLineId: line.orderLineId, detail: `the order has no line ${line.orderLineId}` },
      ];
    const violation = checkLine(known, line.qty, ruleOf(known.sku), now);
    return violation ? [violation] : [];
  });
  const known = requested.flatMap((line) => facts.get(line.orderLineId) ?? []);
  const currencies = [...new Set(known.map((f) => f.currency))];
  if (currencies.length > 1) {
    violations.push({
      rule: 'currency',
      orderLineId: known[known.length - 1].orderLineId,
      currencies,
      detail: `lines priced in ${currencies.join(' and ')} cannot be refunded as one return: return them separately`,
    });
  }
  return violations;
}

/** The fee rate a line carries from authorisation to refund: none when the merchant is at fault. */
export function feeBpsFor(policy: ReturnPolicy, reason: ReturnReason): number {
  return policy.feeWaivedReasons.includes(reason) ? 0 : policy.restockingFeeBps;
}
