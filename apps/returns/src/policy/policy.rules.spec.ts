import {
  checkLine,
  checkReturn,
  DEFAULT_POLICY,
  feeBpsFor,
  policyProblem,
  returnabilityOf,
  returnableQty,
  ruleForSku,
  windowClosesAt,
  type LineFacts,
  type ReturnPolicy,
  type SkuRule,
} from './policy.rules';

const policy: ReturnPolicy = {
  defaultWindowDays: 30,
  restockingFeeBps: 1000,
  feeWaivedReasons: ['defective', 'wrong-item'],
  categories: [
    { category: 'electronics', windowDays: 14, skuPrefixes: ['EL-'] },
    { category: 'phones', windowDays: 7, skuPrefixes: ['EL-PH-'] },
    { category: 'swimwear', windowDays: 0, skuPrefixes: [] },
  ],
};

const now = new Date('2025-03-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const facts = (overrides: Partial<LineFacts> = {}): LineFacts => ({
  orderLineId: 'L1',
  sku: 'TSHIRT-1',
  bought: 2,
  fulfilled: 2,
  committed: 0,
  cancelled: false,
  windowOpensAt: daysAgo(3),
  currency: 'EUR',
  ...overrides,
});
const rule = (overrides: Partial<SkuRule> = {}): SkuRule => ({
  sku: 'TSHIRT-1',
  category: null,
  windowDays: 30,
  returnable: true,
  ...overrides,
});

describe('which rule applies to a SKU', () => {
  it('uses the default window for a SKU in no category', () => {
    expect(ruleForSku(policy, 'TSHIRT-1')).toEqual({
      sku: 'TSHIRT-1',
      category: null,
      windowDays: 30,
      returnable: true,
    });
  });

  it('puts a SKU in the category of its longest matching prefix', () => {
    expect(ruleForSku(policy, 'EL-TV-1')).toMatchObject({ category: 'electronics', windowDays: 14 });
    expect(ruleForSku(policy, 'EL-PH-9')).toMatchObject({ category: 'phones', windowDays: 7 });
  });

  it('lets an explicit SKU mapping win over prefixes, and mark the SKU non-returnable', () => {
    expect(ruleForSku(policy, 'EL-PH-9', { category: 'swimwear', returnable: true })).toMatchObject({
      category: 'swimwear',
      windowDays: 0,
    });
    expect(ruleForSku(policy, 'GIFTCARD', { category: null, returnable: false })).toMatchObject({
      category: null,
      returnable: false,
    });
  });

  it('falls back to the default window for a mapped category the policy no longer lists', () => {
    expect(ruleForSku(policy, 'X', { category: 'gone', returnable: true })).toMatchObject({
      category: 'gone',
      windowDays: 30,
    });
  });

  it('refuses a policy listing a category twice', () => {
    expect(policyProblem(DEFAULT_POLICY)).toBeNull();
    expect(policyProblem({ ...policy, categories: [...policy.categories, policy.categories[0]] })).toMatch(
      /electronics/,
    );
  });
});

describe('checking one line of a return', () => {
  it('accepts units that were received, inside the window', () => {
    expect(checkLine(facts(), 2, rule(), now)).toBeNull();
  });

  it('refuses a non-returnable SKU before anything else', () => {
    expect(checkLine(facts({ fulfilled: 0 }), 5, rule({ returnable: false }), now)).toMatchObject({
      rule: 'non-returnable',
    });
  });

  it('refuses more than was bought', () => {
    expect(checkLine(facts(), 3, rule(), now)).toMatchObject({
      rule: 'quantity',
      requested: 3,
      returnable: 2,
      bought: 2,
    });
  });

  it('counts units already returned or on their way back', () => {
    const line = facts({ committed: 1 });
    expect(returnableQty(line)).toBe(1);
    expect(checkLine(line, 1, rule(), now)).toBeNull();
    expect(checkLine(line, 2, rule(), now)).toMatchObject({ rule: 'quantity', returnable: 1, alreadyReturned: 1 });
  });

  it('refuses units the customer never received, saying why', () => {
    expect(checkLine(facts({ fulfilled: 0, windowOpensAt: null }), 1, rule(), now)?.detail).toMatch(
      /nothing of it has been handed over/,
    );
    expect(checkLine(facts({ fulfilled: 0, cancelled: true, windowOpensAt: null }), 1, rule(), now)?.detail).toMatch(
      /cancelled/,
    );
  });

  it('refuses a return after the window, counted in days from handover or delivery', () => {
    expect(checkLine(facts({ windowOpensAt: daysAgo(29) }), 1, rule(), now)).toBeNull();
    expect(checkLine(facts({ windowOpensAt: daysAgo(31) }), 1, rule(), now)).toMatchObject({
      rule: 'return-window',
      windowDays: 30,
      windowClosedAt: daysAgo(1).toISOString(),
    });
  });

  it('applies the window of the SKU category', () => {
    expect(
      checkLine(facts({ windowOpensAt: daysAgo(8) }), 1, rule({ category: 'phones', windowDays: 7 }), now),
    ).toMatchObject({
      rule: 'return-window',
      category: 'phones',
    });
  });

  it('computes when a window closes', () => {
    expect(windowClosesAt(null, 30)).toBeNull();
    expect(windowClosesAt(daysAgo(10), 10)).toEqual(now);
  });
});

describe('what the returns desk is shown of a line', () => {
  const closes = (opened: Date, days = 30) => new Date(opened.getTime() + days * 86_400_000);

  it('offers what the customer has and has not sent back yet, until the window closes', () => {
    expect(returnabilityOf(facts({ bought: 3, fulfilled: 2, committed: 1 }), rule(), now)).toEqual({
      returnableQty: 1,
      windowClosesAt: closes(daysAgo(3)),
      notReturnable: null,
    });
  });

  it.each([
    ['a non-returnable SKU', facts(), rule({ returnable: false }), 'sku-not-returnable', /cannot be returned/],
    ['a line not handed over yet', facts({ fulfilled: 0, windowOpensAt: null }), rule(), 'not-handed-over', /nothing/],
    ['a cancelled line', facts({ fulfilled: 0, cancelled: true, windowOpensAt: null }), rule(), 'cancelled', /cancel/],
    ['a line all sent back', facts({ committed: 2 }), rule(), 'all-returned', /2 already returned/],
    ['a line past its window', facts({ windowOpensAt: daysAgo(31) }), rule(), 'window-closed', /window .* closed/],
  ])('offers nothing of %s, saying why as a refusal would', (_what, line, skuRule, reason, detail) => {
    const shown = returnabilityOf(line, skuRule, now);
    expect(shown).toMatchObject({ returnableQty: 0, notReturnable: { reason, detail: expect.stringMatching(detail) } });
    // The desk and the refusal agree: a return of one unit breaks a rule exactly when nothing is offered.
    expect(checkLine(line, 1, skuRule, now)).not.toBeNull();
  });
});

describe('checking a whole return', () => {
  const known = new Map([
    ['L1', facts()],
    ['L2', facts({ orderLineId: 'L2', sku: 'GIFTCARD' })],
    ['L3', facts({ orderLineId: 'L3', currency: 'USD' })],
  ]);
  const ruleOf = (sku: string) => rule({ sku, returnable: sku !== 'GIFTCARD' });

  it('lists every violation, including lines the order does not have', () => {
    const violations = checkReturn(
      [
        { orderLineId: 'L1', qty: 3 },
        { orderLineId: 'L2', qty: 1 },
        { orderLineId: 'nope', qty: 1 },
      ],
      known,
      ruleOf,
      now,
    );
    expect(violations.map((v) => [v.orderLineId, v.rule])).toEqual([
      ['L1', 'quantity'],
      ['L2', 'non-returnable'],
      ['nope', 'order-line'],
    ]);
  });

  it('refuses lines priced in different currencies in one return', () => {
    const violations = checkReturn(
      [
        { orderLineId: 'L1', qty: 1 },
        { orderLineId: 'L3', qty: 1 },
      ],
      known,
      ruleOf,
      now,
    );
    expect(violations).toEqual([expect.objectContaining({ rule: 'currency', currencies: ['EUR', 'USD'] })]);
  });

  it('passes a return within every rule', () => {
    expect(checkReturn([{ orderLineId: 'L1', qty: 2 }], known, ruleOf, now)).toEqual([]);
  });
});

describe('restocking fee rate', () => {
  it('charges the policy rate unless the merchant was at fault', () => {
    expect(feeBpsFor(policy, 'changed-mind')).toBe(1000);
    expect(feeBpsFor(policy, 'defective')).toBe(0);
  });
});
