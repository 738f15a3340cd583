import { AsyncResource } from 'node:async_hooks';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Node 20's AsyncResource#bind gives every function it returns a deprecated `asyncResource`
 * accessor (DEP0172), built from two util.deprecate() wrappers each call: 19 µs a call on this
 * machine, against about 1 µs without it. Fastify binds one for every request with a body (its
 * content-type parser), so every POST paid it, and more: CPU per request fell 20 to 26% in the
 * services without it, likely because each wrapper's prototype change (util.deprecate sets one)
 * also costs V8's property caches for the rest of the request (nodejs/node#58218). Node removes the
 * property (nodejs/node#58618); where bind still defines it, this replaces bind with the same
 * function without it, once per process: the bound function still runs `fn` in the resource's async
 * scope (what every AsyncLocalStorage sees), with the same `this`, arguments, result and `length`.
 */
export function useLeanAsyncResourceBind(): void {
  const probe = new AsyncResource('lean-bind-probe').bind(() => undefined);
  if (!Object.getOwnPropertyDescriptor(probe, 'asyncResource')) return;
  const lean = function (this: AsyncResource, fn: AnyFunction, thisArg?: unknown): AnyFunction {
    if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const resource = this;
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : resource.runInAsyncScope.bind(resource, fn, thisArg);
    Object.defineProperty(bound, 'length', {
      configurable: true,
      enumerable: false,
      writable: false,
      value: fn.length,
    });
    return bound;
  };
  AsyncResource.prototype.bind = lean as unknown as typeof AsyncResource.prototype.bind;
}
