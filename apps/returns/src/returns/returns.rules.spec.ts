import { cancelProblem, committedQty, planReceipt } from './returns.rules';

describe('units a return holds against its order line', () => {
  it('holds every authorised unit until the return is received', () => {
    expect(committedQty({ status: 'authorised', authorisedQty: 3, receivedQty: null })).toBe(3);
  });

  it('holds only what arrived once received or inspected', () => {
    expect(committedQty({ status: 'received', authorisedQty: 3, receivedQty: 1 })).toBe(1);
    expect(committedQty({ status: 'inspected', authorisedQty: 3, receivedQty: 2 })).toBe(2);
  });

  it('holds nothing once cancelled', () => {
    expect(committedQty({ status: 'cancelled', authorisedQty: 3, receivedQty: null })).toBe(0);
  });
});

describe('planning a receipt', () => {
  const authorised = [
    { orderLineId: 'L1', authorisedQty: 2 },
    { orderLineId: 'L2', authorisedQty: 1 },
  ];

  it('receives every authorised unit when nothing was counted', () => {
    expect(planReceipt('authorised', authorised)).toEqual({
      ok: true,
      lines: [
        { orderLineId: 'L1', qty: 2 },
        { orderLineId: 'L2', qty: 1 },
      ],
    });
  });

  it('records a count, lines left out as empty', () => {
    expect(planReceipt('authorised', authorised, [{ orderLineId: 'L1', qty: 1 }])).toEqual({
      ok: true,
      lines: [
        { orderLineId: 'L1', qty: 1 },
        { orderLineId: 'L2', qty: 0 },
      ],
    });
  });

  it('refuses more units than were authorised, or a line not in the return', () => {
    expect(planReceipt('authorised', authorised, [{ orderLineId: 'L2', qty: 2 }])).toMatchObject({
      ok: false,
      rule: 'quantity',
      orderLineId: 'L2',
    });
    expect(planReceipt('authorised', authorised, [{ orderLineId: 'L9', qty: 1 }])).toMatchObject({
      ok: false,
      rule: 'order-line',
    });
  });

  it('refuses a receipt that counts nothing', () => {
    expect(planReceipt('authorised', authorised, [{ orderLineId: 'L1', qty: 0 }])).toMatchObject({
      ok: false,
      rule: 'quantity',
    });
  });

  it('receives a return only once', () => {
    expect(planReceipt('received', authorised)).toMatchObject({ ok: false, rule: 'return-status' });
    expect(planReceipt('cancelled', authorised)).toMatchObject({ ok: false, rule: 'return-status' });
  });
});

describe('cancelling a return', () => {
  it('is allowed only before anything came back', () => {
    expect(cancelProblem('authorised')).toBeNull();
    expect(cancelProblem('received')).toMatch(/received/);
  });
});
