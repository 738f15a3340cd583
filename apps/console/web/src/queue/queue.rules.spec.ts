import type { Task } from '../api/types';
import { ago, pickOutcome, queueOrder, urgencyOf } from './queue.rules';

const NOW = Date.parse('2026-05-04T12:00:00Z');
const hours = (h: number) => new Date(NOW + h * 3600_000).toISOString();

const task = (over: Partial<Task>): Task => ({
  id: 't',
  fulfilmentOrderId: 'fo',
  orderId: 'o',
  locationId: 's-1',
  deliveryType: 'pickup',
  status: 'to_pick',
  reason: null,
  carrier: null,
  trackingNumber: null,
  deliveredAt: null,
  createdAt: hours(-0.5),
  updatedAt: hours(-0.5),
  lines: [{ orderLineId: 'l1', sku: 'SKU-1', qty: 2, pickedQty: null, status: 'open' }],
  ...over,
});
const pickup = (expiresInHours: number, reminded = false) => ({
  status: 'waiting',
  expiresAt: hours(expiresInHours),
  failedAttempts: 0,
  locked: false,
  reminded,
});

describe('work queue urgency', () => {
  it('flags a ready pickup whose window has closed as overdue', () => {
    expect(urgencyOf(task({ status: 'ready_for_pickup', pickup: pickup(-3) }), NOW)).toEqual({
      level: 'overdue',
      text: 'Collection window closed 3 h ago',
    });
  });

  it('flags a pickup within two days of its window closing, or already reminded', () => {
    expect(urgencyOf(task({ status: 'ready_for_pickup', pickup: pickup(20) }), NOW)?.level).toBe('soon');
    expect(urgencyOf(task({ status: 'ready_for_pickup', pickup: pickup(100, true) }), NOW)?.level).toBe('soon');
    expect(urgencyOf(task({ status: 'ready_for_pickup', pickup: pickup(100) }), NOW)).toBeNull();
  });

  it('flags click-and-collect work not ready two hours after it arrived, never ship-from-store work', () => {
    expect(urgencyOf(task({ createdAt: hours(-3) }), NOW)).toEqual({
      level: 'overdue',
      text: 'Waiting 3 h to be made ready',
    });
    expect(urgencyOf(task({ createdAt: hours(-3), deliveryType: 'ship' }), NOW)).toBeNull();
    expect(urgencyOf(task({}), NOW)).toBeNull();
  });

  it('says how long ago a task arrived, a fresh one just now', () => {
    expect([ago(20_000), ago(5 * 60_000), ago(3 * 3600_000), ago(3 * 86_400_000)]).toEqual([
      'just now',
      '5 min ago',
      '3 h ago',
      '3 days ago',
    ]);
  });

  it('puts overdue first, then soon, then the oldest', () => {
    const fresh = task({ id: 'fresh', createdAt: hours(-0.1) });
    const old = task({ id: 'old', createdAt: hours(-1) });
    const soon = task({ id: 'soon', status: 'ready_for_pickup', pickup: pickup(5) });
    const overdue = task({ id: 'overdue', status: 'ready_for_pickup', pickup: pickup(-1) });
    expect(queueOrder([fresh, soon, old, overdue], NOW).map((t) => t.id)).toEqual(['overdue', 'soon', 'old', 'fresh']);
  });
});

describe('what a short pick leads to', () => {
  it('says nothing when every line is found in full', () => {
    expect(pickOutcome(task({}), { l1: 2 })).toEqual([]);
  });

  it('says the whole line leaves the task, stock is lowered, and found units go back', () => {
    const said = pickOutcome(task({}), { l1: 1 });
    expect(said[0]).toBe(
      "SKU-1: 1 of 2 found. The whole line leaves this task and this store's stock is lowered by the 1 missing. Put the 1 you found back on the shelf.",
    );
    expect(said[1]).toContain('click-and-collect line can only come from this store');
  });

  it('says a task with nothing found is closed as rejected', () => {
    expect(pickOutcome(task({ deliveryType: 'ship' }), {})).toEqual([
      expect.stringContaining('0 of 2 found'),
      expect.stringContaining('another store or the warehouse'),
      'Nothing was found for this task: it will be closed as rejected.',
    ]);
  });
});
