import { deliveredAtProblem, evaluatePick, transitionProblem, TRANSITIONS } from './tasks.rules';

describe('task rules', () => {
  it('walks a pickup through pick, pack, ready and handover, and a shipment through ship', () => {
    expect(transitionProblem('pick', 'to_pick', 'pickup')).toBeNull();
    expect(transitionProblem('ready', 'packed', 'pickup')).toBeNull();
    expect(transitionProblem('handover', 'ready_for_pickup', 'pickup')).toBeNull();
    expect(transitionProblem('ship', 'packed', 'same_day')).toBeNull();
  });

  it('refuses steps out of order or for the wrong kind of delivery', () => {
    expect(transitionProblem('pack', 'to_pick', 'ship')).toMatch(/status to_pick cannot pack/);
    expect(transitionProblem('ready', 'packed', 'ship')).toMatch(/ship task/);
    expect(transitionProblem('ship', 'packed', 'pickup')).toMatch(/pickup task cannot be shipped/);
    expect(transitionProblem('reject', 'ready_for_pickup', 'pickup')).toMatch(/cannot reject/);
  });

  it('delivers only a shipped ship or same-day task, into delivered', () => {
    expect(TRANSITIONS.deliver.to).toBe('delivered');
    expect(transitionProblem('deliver', 'shipped', 'ship')).toBeNull();
    expect(transitionProblem('deliver', 'shipped', 'same_day')).toBeNull();
    expect(transitionProblem('deliver', 'packed', 'ship')).toMatch(/status packed cannot deliver \(expected shipped\)/);
    expect(transitionProblem('deliver', 'delivered', 'ship')).toMatch(/status delivered cannot deliver/);
    expect(transitionProblem('deliver', 'picked_up', 'pickup')).toMatch(/pickup task cannot be delivered/);
    expect(transitionProblem('reject', 'shipped', 'ship')).toMatch(/cannot reject/);
    expect(transitionProblem('reject', 'delivered', 'ship')).toMatch(/cannot reject/);
  });

  it('takes a delivery time up to now, never in the future', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    expect(deliveredAtProblem(new Date('2026-01-09T08:30:00Z'), now)).toBeNull();
    expect(deliveredAtProblem(now, now)).toBeNull();
    expect(deliveredAtProblem(new Date('2026-01-10T12:00:01Z'), now)).toMatch(/future/);
    expect(deliveredAtProblem(new Date('not a date'), now)).toMatch(/ISO-8601/);
  });

  const open = [
    { orderLineId: 'a', sku: 'S1', qty: 2 },
    { orderLineId: 'b', sku: 'S2', qty: 1 },
  ];

  it('splits a pick into lines found in full and short lines with what is missing', () => {
    expect(
      evaluatePick(open, [
        { orderLineId: 'a', pickedQty: 1 },
        { orderLineId: 'b', pickedQty: 1 },
      ]),
    ).toEqual({
      ok: true,
      picked: [{ orderLineId: 'b', sku: 'S2', qty: 1, pickedQty: 1 }],
      short: [{ orderLineId: 'a', sku: 'S1', qty: 2, pickedQty: 1, shortQty: 1 }],
    });
  });

  it('names every line reported wrongly', () => {
    const result = evaluatePick(open, [
      { orderLineId: 'a', pickedQty: 3 },
      { orderLineId: 'x', pickedQty: 1 },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'lines.0.pickedQty', message: 'at most 2 of a can be picked' },
        { field: 'lines.1.orderLineId', message: 'x is not an open line of this task' },
        { field: 'lines', message: 'line b must be reported' },
      ],
    });
  });
});
