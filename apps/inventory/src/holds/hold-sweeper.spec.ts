import { Subject } from 'rxjs';
import { HoldSweeper } from './hold-sweeper';
import type { HoldsService } from './holds.service';

/** A HoldsService whose next expiry is set by the test; expireDue ends everything due. */
function fakeHolds() {
  const state = { nextMs: null as number | null, sweeps: 0 };
  return Object.assign(state, {
    expiries: new Subject<Date>(),
    msToNextExpiry: jest.fn(async (): Promise<number | null> => state.nextMs),
    expireDue: jest.fn(async (): Promise<number> => {
      state.sweeps++;
      return 0;
    }),
  });
}

describe('HoldSweeper', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('looks at start, then sleeps until the next expiry the database names, or 30 s when no hold is active', async () => {
    const holds = fakeHolds();
    const sweeper = new HoldSweeper(holds as unknown as HoldsService);
    sweeper.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(holds.msToNextExpiry).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(29_999);
    expect(holds.msToNextExpiry).toHaveBeenCalledTimes(1); // idle: no query for 30 s
    holds.nextMs = 700;
    await jest.advanceTimersByTimeAsync(1);
    expect(holds.msToNextExpiry).toHaveBeenCalledTimes(2);

    holds.nextMs = 0; // due when it looks again, 700 ms later
    await jest.advanceTimersByTimeAsync(699);
    expect(holds.sweeps).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(holds.sweeps).toBe(1);
    await sweeper.onModuleDestroy();
  });

  it('wakes for a hold this replica made, and pauses while another replica holds the due ones', async () => {
    const holds = fakeHolds();
    const sweeper = new HoldSweeper(holds as unknown as HoldsService);
    sweeper.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);

    holds.expiries.next(new Date(Date.now() + 5_000));
    holds.nextMs = 0;
    await jest.advanceTimersByTimeAsync(4_999);
    expect(holds.sweeps).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(holds.sweeps).toBe(1);

    // Still due after the sweep (locked elsewhere): the next look is a second later, not at once.
    await jest.advanceTimersByTimeAsync(999);
    expect(holds.sweeps).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(holds.sweeps).toBe(2);
    await sweeper.onModuleDestroy();
  });
});
