import { afterInspection, fullyInspected, inspectionProblem, type InspectableLine } from './inspection.rules';

const lines: InspectableLine[] = [
  { orderLineId: 'L1', receivedQty: 3, inspectedQty: 0 },
  { orderLineId: 'L2', receivedQty: 0, inspectedQty: 0 },
];

describe('inspecting a received return', () => {
  it('accepts a line split between dispositions', () => {
    const entries = [
      { orderLineId: 'L1', disposition: 'restock' as const, qty: 2 },
      { orderLineId: 'L1', disposition: 'damaged' as const, qty: 1 },
    ];
    expect(inspectionProblem('received', lines, entries, 'B')).toBeNull();
    const after = afterInspection(lines, entries);
    expect(after[0].inspectedQty).toBe(3);
    expect(fullyInspected(after)).toBe(true);
  });

  it('refuses more units than are left to inspect, over several inspections', () => {
    const partly = afterInspection(lines, [{ orderLineId: 'L1', disposition: 'restock', qty: 2 }]);
    expect(fullyInspected(partly)).toBe(false);
    expect(
      inspectionProblem('received', partly, [{ orderLineId: 'L1', disposition: 'damaged', qty: 2 }], 'B'),
    ).toMatchObject({
      rule: 'quantity',
      orderLineId: 'L1',
    });
  });

  it('refuses a line the return does not have', () => {
    expect(
      inspectionProblem('received', lines, [{ orderLineId: 'L9', disposition: 'restock', qty: 1 }], 'B'),
    ).toMatchObject({ rule: 'order-line' });
  });

  it('needs a destination for a transfer, elsewhere than the receiving location, and only for a transfer', () => {
    expect(
      inspectionProblem('received', lines, [{ orderLineId: 'L1', disposition: 'transfer', qty: 1 }], 'B'),
    ).toMatchObject({ rule: 'destination' });
    expect(
      inspectionProblem(
        'received',
        lines,
        [{ orderLineId: 'L1', disposition: 'transfer', qty: 1, toLocationId: 'B' }],
        'B',
      ),
    ).toMatchObject({
      rule: 'destination',
    });
    expect(
      inspectionProblem(
        'received',
        lines,
        [{ orderLineId: 'L1', disposition: 'restock', qty: 1, toLocationId: 'DC' }],
        'B',
      ),
    ).toMatchObject({
      rule: 'destination',
    });
    expect(
      inspectionProblem(
        'received',
        lines,
        [{ orderLineId: 'L1', disposition: 'transfer', qty: 1, toLocationId: 'DC' }],
        'B',
      ),
    ).toBeNull();
  });

  it('inspects only a received return', () => {
    expect(inspectionProblem('authorised', lines, [], 'B')).toMatchObject({ rule: 'return-status' });
    expect(inspectionProblem('inspected', lines, [], 'B')).toMatchObject({ rule: 'return-status' });
  });
});
