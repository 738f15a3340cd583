import { randomUUID } from 'node:crypto';
import type { Actor } from '@omni/contracts';
import { ambient } from './ambient';

/** What travels with a unit of work: from an HTTP request or a consumed event into the events it causes. */
export interface RequestContext {
  correlationId: string;
  causationId: string | null;
  actor: Actor;
}

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return ambient.run('context', context, work);
  },
  current(): RequestContext {
    return ambient.get('context') ?? { correlationId: randomUUID(), causationId: null, actor: {} };
  },
  /**
   * `work` bound to the current context, for a callback that runs later from outside it (a stream's
   * events). About 0.1 µs, where binding an AsyncResource costs about 1 (lean-async-resource-bind.ts).
   */
  bind<A extends unknown[]>(work: (...args: A) => void): (...args: A) => void {
    const store = ambient.get('context');
    return store === undefined ? work : (...args: A) => ambient.run('context', store, work, ...args);
  },
  /** Adds to the current context (e.g. the actor once the token is verified). */
  assign(patch: Partial<RequestContext>): void {
    const store = ambient.get('context');
    if (store) Object.assign(store, patch);
  },
};
