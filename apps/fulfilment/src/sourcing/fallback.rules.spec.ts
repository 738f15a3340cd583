import { planWithFallback, UNCONFIRMED_NOTE } from './fallback.rules';
import { CAMDEN, DC, line, MORNING, network, pickupAt, POLICY, ship, SOHO } from './sourcing.fixtures';
import { NearestStockedStrategy } from './sourcing.rules';

const strategy = new NearestStockedStrategy();
const plan = (lines: ReturnType<typeof line>[], stock: Record<string, Record<string, number>> = {}, capacity = {}) =>
  planWithFallback(strategy, { orderId: 'o-1', lines }, network(stock, capacity), POLICY, MORNING);

describe('fulfilment proposes, inventory decides', () => {
  it('plans as the strategy does when its view has the stock', () => {
    const l = line('S', 1, ship);
    expect(plan([l], { S: { [CAMDEN.id]: 5 } }).assignments).toEqual([
      expect.objectContaining({ orderLineId: l.orderLineId, locationId: CAMDEN.id }),
    ]);
  });

  it('still proposes a line its view shows no stock for, at the best eligible location, instead of giving it up', () => {
    const l = line('S', 2, ship);
    const planned = plan([l]);
    expect(planned.unfulfillable).toEqual([]);
    expect(planned.assignments).toEqual([expect.objectContaining({ orderLineId: l.orderLineId, locationId: SOHO.id })]);
    expect(planned.groups.at(-1)?.notes[0]).toBe(UNCONFIRMED_NOTE);
  });

  it("proposes a pickup at the chosen store whatever its view of the store's stock", () => {
    const l = line('S', 1, pickupAt(SOHO.id));
    expect(plan([l]).assignments).toEqual([expect.objectContaining({ locationId: SOHO.id, deliveryType: 'pickup' })]);
  });

  it("gives a line up only when every location eligible for it has already failed it, with the first plan's reason", () => {
    const everywhere = line('S', 1, ship, [DC.id, SOHO.id, CAMDEN.id]);
    const pickup = line('S', 1, pickupAt(SOHO.id), [SOHO.id]);
    const planned = plan([everywhere, pickup], { S: { [CAMDEN.id]: 3 } });
    expect(planned.assignments).toEqual([]);
    expect(planned.unfulfillable.map((u) => u.orderLineId).sort()).toEqual(
      [everywhere.orderLineId, pickup.orderLineId].sort(),
    );
    expect(planned.unfulfillable.find((u) => u.orderLineId === pickup.orderLineId)?.alternatives).toEqual([
      expect.objectContaining({ locationId: CAMDEN.id }),
    ]);
  });

  it('does not override what fulfilment owns: a store at capacity is no proposal', () => {
    const l = line('S', 1, pickupAt(SOHO.id));
    expect(plan([l], {}, { [SOHO.id]: { limit: 1, used: 1 } }).unfulfillable).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/at capacity/) }),
    ]);
  });
});
