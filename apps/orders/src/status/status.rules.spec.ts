import {
  cancelIsRequest,
  hasLeft,
  isCancellable,
  nextCancellation,
  nextLineStatus,
  returnTarget,
  rollUp,
  targetOf,
  type LineStatus,
} from './status.rules';

describe('a line moves only forward', () => {
  it('follows the pickup journey step by step', () => {
    let s: LineStatus = 'placed';
    for (const step of ['allocated', 'in_fulfilment', 'ready_for_pickup', 'picked_up'] as const)
      s = nextLineStatus(s, step);
    expect(s).toBe('picked_up');
  });

  it('ignores a step that arrives after a later one (out-of-order topics)', () => {
    expect(nextLineStatus('shipped', 'allocated')).toBe('shipped');
    expect(nextLineStatus('shipped', 'in_fulfilment')).toBe('shipped');
    expect(nextLineStatus('delivered', 'shipped')).toBe('delivered');
  });

  it('jumps ahead when an intermediate event has not arrived yet', () => {
    expect(nextLineStatus('placed', 'shipped')).toBe('shipped');
    expect(nextLineStatus('allocated', 'delivered')).toBe('delivered');
  });

  it('never moves a cancelled or unfulfillable line', () => {
    for (const target of [
      'allocated',
      'in_fulfilment',
      'ready_for_pickup',
      'shipped',
      'picked_up',
      'delivered',
      'refunded',
      'unfulfillable',
    ] as const) {
      expect(nextLineStatus('cancelled', target)).toBe('cancelled');
    }
    expect(nextLineStatus('unfulfillable', 'allocated')).toBe('unfulfillable');
    expect(nextLineStatus('unfulfillable', 'cancelled')).toBe('unfulfillable');
  });

  it('cancels until handover or shipment, not after', () => {
    expect(nextLineStatus('ready_for_pickup', 'cancelled')).toBe('cancelled');
    expect(nextLineStatus('in_fulfilment', 'cancelled')).toBe('cancelled');
    expect(nextLineStatus('shipped', 'cancelled')).toBe('shipped');
    expect(nextLineStatus('picked_up', 'cancelled')).toBe('picked_up');
  });

  it('marks a line unfulfillable only before it is ready', () => {
    expect(nextLineStatus('allocated', 'unfulfillable')).toBe('unfulfillable');
    expect(nextLineStatus('ready_for_pickup', 'unfulfillable')).toBe('ready_for_pickup');
  });

  it('returns and refunds come after delivery, refunds last', () => {
    expect(nextLineStatus('delivered', 'returned')).toBe('returned');
    expect(nextLineStatus('returned', 'refunded')).toBe('refunded');
    expect(nextLineStatus('refunded', 'returned')).toBe('refunded');
  });
});

describe('a pending order', () => {
  it('is placed or rejected once its hold or location is heard of, and can be cancelled meanwhile', () => {
    expect(nextLineStatus('pending', 'placed')).toBe('placed');
    expect(nextLineStatus('pending', 'rejected')).toBe('rejected');
    expect(nextLineStatus('pending', 'cancelled')).toBe('cancelled');
    expect(nextLineStatus('placed', 'rejected')).toBe('placed');
    expect(nextLineStatus('rejected', 'placed')).toBe('rejected');
  });

  it('rolls up to pending while any line is, and to rejected when every line was', () => {
    expect(rollUp(['pending', 'pending'])).toBe('pending');
    expect(rollUp(['rejected', 'rejected'])).toBe('rejected');
  });
});

describe('cancel cut-off', () => {
  it('separates lines that can be cancelled from those whose goods have left', () => {
    expect((['placed', 'allocated', 'in_fulfilment', 'ready_for_pickup'] as const).every(isCancellable)).toBe(true);
    expect((['shipped', 'picked_up', 'delivered', 'returned', 'refunded'] as const).every(hasLeft)).toBe(true);
    expect(isCancellable('cancelled') || hasLeft('cancelled') || hasLeft('unfulfillable')).toBe(false);
  });
});

describe('return quantities', () => {
  it('marks a line returned or refunded only once every unit is back', () => {
    expect(returnTarget(3, 2, 0)).toBeUndefined();
    expect(returnTarget(3, 3, 0)).toBe('returned');
    expect(returnTarget(3, 3, 3)).toBe('refunded');
    expect(returnTarget(3, 0, 3)).toBe('refunded');
  });
});

describe('order roll-up', () => {
  it('is where the least advanced live line is', () => {
    expect(rollUp(['placed'])).toBe('placed');
    expect(rollUp(['allocated', 'in_fulfilment'])).toBe('allocated');
    expect(rollUp(['picked_up', 'ready_for_pickup'])).toBe('ready_for_pickup');
    expect(rollUp(['delivered', 'shipped', 'cancelled'])).toBe('shipped');
  });

  it('completes once every live line is picked up or delivered', () => {
    expect(rollUp(['picked_up', 'delivered'])).toBe('completed');
    expect(rollUp(['picked_up', 'cancelled'])).toBe('completed');
  });

  it('is partially fulfilled when the rest is done but some lines could not be served', () => {
    expect(rollUp(['delivered', 'unfulfillable'])).toBe('partially_fulfilled');
    expect(rollUp(['in_fulfilment', 'unfulfillable'])).toBe('in_fulfilment');
  });

  it('is cancelled or unfulfillable when no line is live', () => {
    expect(rollUp(['cancelled', 'cancelled'])).toBe('cancelled');
    expect(rollUp(['cancelled', 'unfulfillable'])).toBe('unfulfillable');
  });

  it('is returned or refunded only when every live line is', () => {
    expect(rollUp(['returned', 'delivered'])).toBe('completed');
    expect(rollUp(['returned', 'refunded'])).toBe('returned');
    expect(rollUp(['refunded', 'cancelled'])).toBe('refunded');
  });
});

describe("a customer's cancel", () => {
  it('is decided by orders alone only while the line is pending', () => {
    expect(cancelIsRequest('pending')).toBe(false);
    for (const s of ['placed', 'allocated', 'in_fulfilment', 'ready_for_pickup'] as const)
      expect(cancelIsRequest(s)).toBe(true);
    for (const s of ['shipped', 'picked_up', 'cancelled', 'unfulfillable'] as const)
      expect(cancelIsRequest(s)).toBe(false);
  });

  it('stays beside a live line until decided, and goes once the line is closed', () => {
    expect(nextCancellation('ready_for_pickup', null, 'requested')).toBe('requested');
    expect(nextCancellation('ready_for_pickup', 'requested', undefined)).toBe('requested');
    expect(nextCancellation('picked_up', 'requested', 'refused')).toBe('refused');
    expect(nextCancellation('cancelled', 'requested', undefined)).toBeNull();
    expect(nextCancellation('unfulfillable', 'requested', undefined)).toBeNull();
  });
});

describe('where an event moves a line', () => {
  it('is the shared word for the moment the event tells', () => {
    expect(targetOf('fulfilment.ready-for-pickup')).toBe('ready_for_pickup');
    expect(targetOf('fulfilment.pickup-handed-over')).toBe('picked_up');
    expect(targetOf('fulfilment.shipment-dispatched')).toBe('shipped');
    expect(targetOf('fulfilment.pickup-expired')).toBe('cancelled');
  });

  it('is nowhere for an event that moves no line (a handler asking is a mistake)', () => {
    expect(() => targetOf('fulfilment.task-progressed')).toThrow(/moves no order line/);
    expect(() => targetOf('constructor')).toThrow(/moves no order line/);
  });
});
