import {
  BRIGHTON,
  CAMDEN,
  DC,
  line,
  MORNING,
  network,
  pickupAt,
  POLICY,
  sameDay,
  ship,
  SOHO,
} from './sourcing.fixtures';
import { NearestStockedStrategy } from './sourcing.rules';
import type { DemandLine, NetworkSnapshot, SourcingPolicy } from './sourcing.model';

const strategy = new NearestStockedStrategy();
const plan = (lines: DemandLine[], net: NetworkSnapshot, policy: SourcingPolicy = POLICY, now = MORNING) =>
  strategy.plan({ orderId: 'o-1', lines }, net, policy, now);
const placed = (p: ReturnType<typeof plan>) =>
  Object.fromEntries(p.assignments.map((a) => [a.orderLineId, a.locationId]));

describe('sourcing ship lines', () => {
  it('ships from the nearest location that has every line, scoring distance, stock and capacity', () => {
    const a = line('SKU-1', 2, ship);
    const p = plan([a], network({ 'SKU-1': { [DC.id]: 10, [SOHO.id]: 5, [CAMDEN.id]: 5 } }));
    expect(placed(p)).toEqual({ [a.orderLineId]: SOHO.id });
    const soho = p.groups[0].candidates.find((c) => c.locationId === SOHO.id);
    // At the address (distance 1), all units (stock 1), no limit (capacity 1), no hold: 0.45 + 0.3 + 0.15.
    expect(soho).toMatchObject({
      eligible: true,
      score: 0.9,
      parts: { distance: 1, stock: 1, capacity: 1, hold: 0 },
      distanceKm: 0,
    });
    const camden = p.groups[0].candidates.find((c) => c.locationId === CAMDEN.id);
    expect(camden?.score).toBeLessThan(0.9);
    expect(camden?.reasons[0]).toMatch(/km from the address/);
  });

  it('splits between a DC and a store when neither has every line', () => {
    const a = line('SKU-DC', 1, ship);
    const b = line('SKU-STORE', 1, ship);
    const p = plan([a, b], network({ 'SKU-DC': { [DC.id]: 3 }, 'SKU-STORE': { [SOHO.id]: 3 } }));
    expect(placed(p)).toEqual({ [a.orderLineId]: DC.id, [b.orderLineId]: SOHO.id });
    expect(p.groups[0].chosen.sort()).toEqual([DC.id, SOHO.id].sort());
  });

  it('prefers one far location with everything over a split with a nearer one (fewest splits)', () => {
    const a = line('SKU-1', 1, ship);
    const b = line('SKU-2', 1, ship);
    const p = plan([a, b], network({ 'SKU-1': { [SOHO.id]: 3, [DC.id]: 3 }, 'SKU-2': { [DC.id]: 3 } }));
    expect(placed(p)).toEqual({ [a.orderLineId]: DC.id, [b.orderLineId]: DC.id });
  });

  it('refuses to split beyond the configured maximum and says why', () => {
    const lines = [line('A', 1, ship), line('B', 1, ship), line('C', 1, ship)];
    const p = plan(lines, network({ A: { [DC.id]: 1 }, B: { [SOHO.id]: 1 }, C: { [CAMDEN.id]: 1 } }), {
      ...POLICY,
      maxSplits: 2,
    });
    expect(p.assignments).toHaveLength(2);
    expect(p.unfulfillable).toEqual([
      { orderLineId: expect.any(String), reason: expect.stringMatching(/more than 2 locations/) },
    ]);
  });

  it('counts units already given to another line of the same SKU at a location', () => {
    const a = line('SKU-1', 3, ship);
    const b = line('SKU-1', 3, ship);
    const p = plan([a, b], network({ 'SKU-1': { [SOHO.id]: 4, [CAMDEN.id]: 4 } }));
    expect(new Set(Object.values(placed(p)))).toEqual(new Set([SOHO.id, CAMDEN.id]));
  });

  it('never ships from a store without ship_from_store, nor from a location that already failed the line', () => {
    const a = line('SKU-1', 1, ship, [SOHO.id]);
    const p = plan([a], network({ 'SKU-1': { [SOHO.id]: 5, [BRIGHTON.id]: 5, [CAMDEN.id]: 5 } }));
    expect(placed(p)).toEqual({ [a.orderLineId]: CAMDEN.id });
    const brighton = p.groups[0].candidates.find((c) => c.locationId === BRIGHTON.id);
    expect(brighton).toMatchObject({ eligible: false, reasons: [expect.stringMatching(/ship_from_store/)] });
  });

  it('skips a location at capacity, and one staff closed for the day', () => {
    const a = line('SKU-1', 1, ship);
    const net = network(
      { 'SKU-1': { [SOHO.id]: 5, [CAMDEN.id]: 5, [DC.id]: 5 } },
      { [SOHO.id]: { limit: 5, used: 5 }, [CAMDEN.id]: { full: true } },
    );
    const p = plan([a], net);
    expect(placed(p)).toEqual({ [a.orderLineId]: DC.id });
    expect(p.groups[0].candidates.find((c) => c.locationId === SOHO.id)?.reasons).toEqual([
      expect.stringMatching(/at capacity/),
    ]);
  });

  it('gives each location one new order per group against its capacity', () => {
    const net = network({ A: { [SOHO.id]: 5, [DC.id]: 5 } }, { [SOHO.id]: { limit: 1, used: 0 } });
    const p = plan(
      [line('A', 1, ship), line('A', 1, { type: 'ship', address: { ...ship.address, line1: 'elsewhere' } })],
      net,
    );
    expect(p.assignments.map((x) => x.locationId).sort()).toEqual([DC.id, SOHO.id].sort());
  });

  it('ranks by stock and capacity when the address cannot be placed', () => {
    const nowhere = {
      type: 'ship',
      address: { line1: 'x', city: 'Atlantis', postalCode: 'ZZ9 9ZZ', country: 'GB' },
    } as const;
    const a = line('SKU-1', 2, nowhere);
    const net = network({ 'SKU-1': { [SOHO.id]: 5, [DC.id]: 5 } }, { [SOHO.id]: { limit: 10, used: 9 } });
    const p = plan([a], net);
    expect(p.groups[0].destination).toMatchObject({ known: false });
    expect(placed(p)).toEqual({ [a.orderLineId]: DC.id });
    expect(p.groups[0].candidates[0]).toMatchObject({
      distanceKm: null,
      parts: { distance: null },
      reasons: [expect.stringMatching(/distance unknown/), expect.anything(), expect.anything()],
    });
  });

  it('prefers the location holding the order’s cart stock when the rest is equal', () => {
    const a = line('SKU-1', 1, ship);
    const net = {
      ...network({ 'SKU-1': { [SOHO.id]: 5, [CAMDEN.id]: 5 } }, {}, [
        SOHO,
        { ...CAMDEN, lat: SOHO.lat, lng: SOHO.lng },
      ]),
      held: new Map([['SKU-1', new Map([[CAMDEN.id, 1]])]]),
    };
    expect(placed(plan([a], net))).toEqual({ [a.orderLineId]: CAMDEN.id });
  });
});

describe('sourcing same-day lines', () => {
  const stock = { 'SKU-1': { [DC.id]: 9, [SOHO.id]: 2, [BRIGHTON.id]: 9, [CAMDEN.id]: 2 } };

  it('serves same-day only from shipping stores within the radius', () => {
    const a = line('SKU-1', 1, sameDay);
    const p = plan([a], network(stock, {}, [DC, CAMDEN, { ...BRIGHTON, capabilities: ['ship_from_store'] }]));
    expect(placed(p)).toEqual({ [a.orderLineId]: CAMDEN.id });
    const reasons = Object.fromEntries(p.groups[0].candidates.map((c) => [c.locationId, c.reasons.join('; ')]));
    expect(reasons[DC.id]).toMatch(/stores only/);
    expect(reasons[BRIGHTON.id]).toMatch(/outside the same-day radius/);
  });

  it('stops taking same-day work at the store’s local cut-off, which a store may move', () => {
    const evening = new Date('2025-01-15T16:30:00Z');
    const a = line('SKU-1', 1, sameDay);
    const late = plan([a], network(stock), POLICY, evening);
    expect(late.assignments).toHaveLength(0);
    expect(late.groups[0].candidates.find((c) => c.locationId === SOHO.id)?.reasons.join()).toMatch(/cut-off 16:00/);
    const moved = plan([a], network(stock, { [CAMDEN.id]: { cutoff: '18:00' } }), POLICY, evening);
    expect(placed(moved)).toEqual({ [a.orderLineId]: CAMDEN.id });
  });

  it('needs a known distance', () => {
    const a = line('SKU-1', 1, {
      type: 'same_day',
      address: { line1: 'x', city: 'Nowhere', postalCode: 'ZZ1', country: 'GB' },
    });
    const p = plan([a], network(stock));
    expect(p.unfulfillable[0].reason).toMatch(/no eligible same-day location/);
  });
});

describe('sourcing pickup lines', () => {
  it('sources pickup lines at the chosen store', () => {
    const a = line('SKU-1', 2, pickupAt(SOHO.id));
    const p = plan([a], network({ 'SKU-1': { [SOHO.id]: 2, [DC.id]: 50 } }));
    expect(placed(p)).toEqual({ [a.orderLineId]: SOHO.id });
  });

  it('names nearby stores that could serve a pickup the chosen store cannot', () => {
    const a = line('SKU-1', 2, pickupAt(SOHO.id));
    const p = plan([a], network({ 'SKU-1': { [SOHO.id]: 1, [CAMDEN.id]: 4, [BRIGHTON.id]: 9, [DC.id]: 50 } }));
    expect(p.assignments).toEqual([]);
    expect(p.unfulfillable).toEqual([
      {
        orderLineId: a.orderLineId,
        reason: 'pickup store store-soho has 1 of 2 x SKU-1 sellable',
        alternatives: [{ locationId: CAMDEN.id, name: 'Camden', distanceKm: 2.9 }],
      },
    ]);
  });

  it('fails pickup lines clearly at a store at capacity or without click-and-collect', () => {
    const full = plan(
      [line('SKU-1', 1, pickupAt(SOHO.id))],
      network({ 'SKU-1': { [SOHO.id]: 5 } }, { [SOHO.id]: { limit: 3, used: 3 } }),
    );
    expect(full.unfulfillable[0].reason).toBe('pickup store store-soho is at capacity: 0 of 3 orders left today');
    const dc = plan([line('SKU-1', 1, pickupAt(DC.id))], network({ 'SKU-1': { [DC.id]: 5 } }));
    expect(dc.unfulfillable[0].reason).toMatch(/does not offer click-and-collect/);
    const unknown = plan([line('SKU-1', 1, pickupAt('store-x'))], network({}));
    expect(unknown.unfulfillable[0].reason).toMatch(/unknown to fulfilment/);
  });
});
