import type { Principal } from '@omni/platform';
import { visiblePickupCodes, type StoredCode, type ViewedLine } from './pickup-codes.rules';

const web: Principal = { sub: 'channel:web', role: 'channel', channel: 'web', locations: [] };
const now = new Date('2026-03-01T12:00:00.000Z');
const code = (fulfilmentOrderId: string, overrides: Partial<StoredCode> = {}): StoredCode => ({
  fulfilmentOrderId,
  locationId: 's-1',
  code: '123456',
  expiresAt: new Date('2026-03-08T12:00:00.000Z'),
  ...overrides,
});
const line = (id: string, status: string, fulfilmentOrderId: string | null): ViewedLine => ({
  id,
  status,
  fulfilment: fulfilmentOrderId ? { fulfilmentOrderId } : null,
});

describe('pickup codes in the order view', () => {
  const order = {
    channel: 'web',
    lines: [
      line('l-1', 'ready_for_pickup', 'fo-1'),
      line('l-2', 'ready_for_pickup', 'fo-1'),
      line('l-3', 'in_fulfilment', 'fo-2'),
    ],
  };

  it("shows the order's channel the code of each open pickup, with the lines waiting under it", () => {
    expect(visiblePickupCodes(web, order, [code('fo-1')], now)).toEqual([
      {
        fulfilmentOrderId: 'fo-1',
        locationId: 's-1',
        code: '123456',
        expiresAt: '2026-03-08T12:00:00.000Z',
        lineIds: ['l-1', 'l-2'],
      },
    ]);
  });

  it('leaves the field out for stores, admins and other channels', () => {
    const store: Principal = { sub: 'store:s-1', role: 'store', channel: 'web', locations: ['s-1'] };
    const admin: Principal = { sub: 'admin', role: 'admin', locations: [] };
    const app: Principal = { ...web, channel: 'app' };
    for (const principal of [store, admin, app])
      expect(visiblePickupCodes(principal, order, [code('fo-1')], now)).toBeUndefined();
  });

  it('hides the code of a pickup handed over, cancelled or past its window', () => {
    const collected = { channel: 'web', lines: [line('l-1', 'picked_up', 'fo-1'), line('l-2', 'cancelled', 'fo-1')] };
    expect(visiblePickupCodes(web, collected, [code('fo-1')], now)).toEqual([]);
    expect(visiblePickupCodes(web, order, [code('fo-1', { expiresAt: now })], now)).toEqual([]);
  });

  it('shows no code for lines re-sourced to another fulfilment order', () => {
    expect(visiblePickupCodes(web, order, [code('fo-2')], now)).toEqual([]);
  });
});
