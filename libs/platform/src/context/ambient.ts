import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActiveTransaction } from '../database/transaction-attempt';
import type { RequestContext } from './request-context';

/**
 * What a unit of work carries implicitly, by slot: its request context, its transaction. One
 * AsyncLocalStorage holds every slot because on Node 20 each storage in use adds its own hook work
 * to every promise the process creates (measured here: an await costs 0.24 µs with none, 0.59 with
 * one, 0.85 with two), and a request makes dozens of promises: one storage instead of two took
 * about 5% off a batch availability read's CPU in paired runs (holds: no difference measured).
 */
export interface AmbientSlots {
  context?: RequestContext;
  /** The transaction open around the work, with the TransactionHost that opened it. */
  transaction?: { host: object; active: ActiveTransaction };
}

const storage = new AsyncLocalStorage<Readonly<AmbientSlots>>();

export const ambient = {
  get<K extends keyof AmbientSlots>(slot: K): AmbientSlots[K] {
    return storage.getStore()?.[slot];
  },
  /** Runs `work` with `slot` set to `value`, every other slot as it is around the call. */
  run<K extends keyof AmbientSlots, A extends unknown[], T>(
    slot: K,
    value: AmbientSlots[K],
    work: (...args: A) => T,
    ...args: A
  ): T {
    return storage.run({ ...storage.getStore(), [slot]: value }, work, ...args);
  },
};
