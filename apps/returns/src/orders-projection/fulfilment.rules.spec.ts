import { fulfilledQty, lineWindowOpensAt, windowOpensAt, type FulfilmentFact } from './fulfilment.rules';

const at = (iso: string) => new Date(iso);
const maybe = (iso: string | null) => (iso === null ? null : at(iso));
const pickup = (qty: number, leftAt: string | null): FulfilmentFact => ({
  kind: 'pickup',
  qty,
  leftAt: maybe(leftAt),
  deliveredAt: null,
});
const shipment = (qty: number, leftAt: string | null, deliveredAt: string | null = null): FulfilmentFact => ({
  kind: 'shipment',
  qty,
  leftAt: maybe(leftAt),
  deliveredAt: maybe(deliveredAt),
});

describe('fulfilment facts of an order line', () => {
  it('counts units handed over, shipped or delivered, across fulfilment orders', () => {
    expect(fulfilledQty([pickup(1, '2025-01-01T10:00:00Z'), shipment(2, '2025-01-02T10:00:00Z')])).toBe(3);
    expect(fulfilledQty([shipment(2, null, '2025-01-03T10:00:00Z')])).toBe(2);
    expect(fulfilledQty([])).toBe(0);
  });

  it('opens the window at handover for a pickup and at delivery for a shipment', () => {
    expect(windowOpensAt(pickup(1, '2025-01-01T10:00:00Z'))).toEqual(at('2025-01-01T10:00:00Z'));
    expect(windowOpensAt(shipment(1, '2025-01-01T10:00:00Z', '2025-01-04T10:00:00Z'))).toEqual(
      at('2025-01-04T10:00:00Z'),
    );
  });

  it('counts an undelivered shipment from its dispatch', () => {
    expect(windowOpensAt(shipment(1, '2025-01-01T10:00:00Z'))).toEqual(at('2025-01-01T10:00:00Z'));
  });

  it('opens the window of a split line with its last part, and not at all before anything left', () => {
    expect(
      lineWindowOpensAt([
        pickup(1, '2025-01-01T10:00:00Z'),
        shipment(1, '2025-01-02T10:00:00Z', '2025-01-05T10:00:00Z'),
      ]),
    ).toEqual(at('2025-01-05T10:00:00Z'));
    expect(lineWindowOpensAt([])).toBeNull();
  });
});
