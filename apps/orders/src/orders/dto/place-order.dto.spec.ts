import { OrderPlaced } from '@omni/contracts';
import { assertPublishable } from '@omni/messaging';
import type { Principal } from '@omni/platform';
import { dtoVerdict, hostileVariants } from '@omni/testing';
import { placementOf } from '../orders.service';
import { PlaceOrderDto } from './place-order.dto';

const ADDRESS = { line1: '2 Low Rd', city: 'York', postalCode: 'YO1 7HH', country: 'GB' };
const PRINCIPAL: Principal = { sub: 'web-shop', role: 'channel', channel: 'web', locations: [] };

/** Every optional part present, so each one is replaced by a hostile shape. */
const order = {
  channel: 'web',
  customer: { id: 'c-1', email: 'c@example.com', phone: '+441234567' },
  lines: [
    {
      sku: 'SKU-1',
      qty: 2,
      unitPrice: 1000,
      currency: 'EUR',
      delivery: { type: 'ship', address: { ...ADDRESS, line2: 'Flat 1', region: 'N Yorks' } },
    },
    { sku: 'SKU-2', qty: 1, unitPrice: 500, currency: 'EUR', delivery: { type: 'pickup', locationId: 's-1' } },
  ],
  holdId: 'h-1',
  assistedBy: { staffId: 'st-1', locationId: 's-1' },
  externalRef: 'MP-1',
};

// DTO-to-contract drift: a body the HTTP DTO admits must make an orders.order-placed its consumers accept.
describe('PlaceOrderDto against the orders.order-placed contract', () => {
  it('admits the valid body, whose event is valid', async () => {
    const verdict = await dtoVerdict(PlaceOrderDto, order);
    expect(verdict).toMatchObject({ accepted: true });
    if (verdict.accepted)
      expect(() =>
        assertPublishable(OrderPlaced, placementOf('o-1', PRINCIPAL, verdict.dto, new Date()).placed),
      ).not.toThrow();
  });

  it.each(hostileVariants(order))('$path as $what: refused by the DTO, or its event is valid', async ({ body }) => {
    const verdict = await dtoVerdict(PlaceOrderDto, body);
    if (verdict.accepted)
      expect(() =>
        assertPublishable(OrderPlaced, placementOf('o-1', PRINCIPAL, verdict.dto, new Date()).placed),
      ).not.toThrow();
    else expect(verdict.errors.length).toBeGreaterThan(0);
  });

  it.each([
    ['[]', []],
    ['[address]', [ADDRESS]],
    ['null', null],
    ['a string', '2 Low Rd'],
  ])('refuses delivery.address as %s, naming the field', async (_what, address) => {
    const verdict = await dtoVerdict(PlaceOrderDto, {
      ...order,
      lines: [{ ...order.lines[0], delivery: { type: 'ship', address } }],
    });
    expect(verdict).toMatchObject({
      accepted: false,
      errors: expect.arrayContaining([expect.objectContaining({ field: 'lines.0.delivery.address' })]),
    });
  });
});
