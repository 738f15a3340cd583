import { judgePlacement, lineWaitDetail, resolvePending, type PickupFacts } from './pending.rules';

const pickup = (refusal: PickupFacts['refusal'], locationId = 's-5'): PickupFacts => ({
  field: 'lines.0.delivery.locationId',
  locationId,
  refusal,
});

describe('placing an order that names a hold or a pickup location', () => {
  it('places it when everything it names is known and allowed', () => {
    expect(judgePlacement([pickup(undefined)], { holdId: 'h-1', verdict: undefined }, true)).toEqual({
      outcome: 'place',
    });
  });

  it('makes it wait for a location or hold orders has not heard of yet: "not yet" is no refusal', () => {
    const judged = judgePlacement([pickup('unknown')], { holdId: 'h-1', verdict: 'not-yet' }, true);
    expect(judged).toMatchObject({
      outcome: 'wait',
      waits: [
        { kind: 'location', ref: 's-5' },
        { kind: 'hold', ref: 'h-1', field: 'holdId' },
      ],
    });
  });

  it('refuses at once what it knows forbids it ("not yours" is a hold known to be another\'s)', () => {
    expect(
      judgePlacement([pickup('no-bopis'), pickup(undefined, 's-1')], { holdId: 'h-1', verdict: 'not-yours' }, true),
    ).toEqual({
      outcome: 'refuse',
      pickups: [pickup('no-bopis')],
      hold: 'not-yours',
    });
  });

  it('does not refuse from a view still being rebuilt, except for a hold another order already carries', () => {
    expect(judgePlacement([pickup('inactive')], { holdId: 'h-1', verdict: 'expired' }, false)).toMatchObject({
      outcome: 'wait',
      waits: [{ kind: 'location' }, { kind: 'hold' }],
    });
    expect(judgePlacement([], { holdId: 'h-1', verdict: 'used' }, false)).toEqual({
      outcome: 'refuse',
      pickups: [],
      hold: 'used',
    });
  });
});

describe('deciding a pending order', () => {
  it('places it once what it waited for arrived and allows it', () => {
    expect(resolvePending([pickup(undefined)], { holdId: 'h-1', verdict: undefined }, false)).toEqual({
      outcome: 'place',
    });
  });

  it('rejects it when what arrived forbids it', () => {
    expect(resolvePending([], { holdId: 'h-1', verdict: 'not-yours' }, false)).toEqual({
      outcome: 'reject',
      reasons: ['hold h-1 is a hold of another principal'],
    });
  });

  it('keeps waiting for what has not arrived, until the view has read everything there is and the patience is spent', () => {
    expect(resolvePending([pickup('unknown')], undefined, false)).toEqual({ outcome: 'wait' });
    expect(resolvePending([pickup('unknown')], undefined, true)).toMatchObject({
      outcome: 'reject',
      reasons: [expect.stringMatching(/s-5 is not a known location/)],
    });
  });
});

describe('an order naming a SKU the network has never stocked', () => {
  const sku = (known: boolean, i = 0, name = `SKU-${i}`) => ({ field: `lines.${i}.sku`, sku: name, known });

  it('refuses it from a caught-up view, naming the line', () => {
    expect(judgePlacement([], undefined, true, [sku(true), sku(false, 1)])).toEqual({
      outcome: 'refuse',
      pickups: [],
      skus: [sku(false, 1)],
    });
    expect(judgePlacement([pickup(undefined)], undefined, true, [sku(true)])).toEqual({ outcome: 'place' });
  });

  it('makes it wait while the view is still being rebuilt: an empty or stale copy is no refusal', () => {
    const judged = judgePlacement([], undefined, false, [sku(false, 0), sku(true, 1)]);
    expect(judged).toMatchObject({
      outcome: 'wait',
      waits: [
        {
          kind: 'sku',
          ref: 'SKU-0',
          field: 'lines.0.sku',
          detail: expect.stringMatching(/SKU-0 has not reached orders yet/),
        },
      ],
    });
    expect(judged.outcome === 'wait' && lineWaitDetail(judged.waits, 0)).toMatch(/SKU-0/);
  });

  it('rejects a pending order whose SKU is still unknown once the view has caught up, and places it once the SKU is known', () => {
    expect(resolvePending([], undefined, false, [sku(false, 0, 'X'), sku(false, 1, 'X')])).toEqual({
      outcome: 'reject',
      reasons: ['sku X is not known to the network: no location has ever stocked it'],
    });
    expect(resolvePending([], undefined, false, [sku(true)])).toEqual({ outcome: 'place' });
  });
});
