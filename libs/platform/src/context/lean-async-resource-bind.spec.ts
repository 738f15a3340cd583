import { AsyncResource } from 'node:async_hooks';
import { useLeanAsyncResourceBind } from './lean-async-resource-bind';
import { requestContext, type RequestContext } from './request-context';

const context = (correlationId: string): RequestContext => ({ correlationId, causationId: null, actor: {} });

describe('useLeanAsyncResourceBind', () => {
  beforeAll(() => useLeanAsyncResourceBind());

  it('runs the bound function in the scope the resource was made in, with its this, arguments and result', async () => {
    const resource = requestContext.run(context('made-here'), () => new AsyncResource('test'));
    const bound = resource.bind(function (this: unknown, a: number, b: number) {
      return { sum: a + b, self: this, id: requestContext.current().correlationId };
    });
    expect(bound.length).toBe(2);
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')).toBeUndefined();
    const self = { name: 'caller' };
    const answer = await requestContext.run(context('called-here'), async () => bound.call(self, 2, 3));
    expect(answer).toEqual({ sum: 5, self, id: 'made-here' });
    // Node's bind takes a thisArg too (its types leave it out).
    const bindTo = resource.bind.bind(resource) as (fn: () => unknown, thisArg: unknown) => () => unknown;
    const withThis = bindTo(function (this: unknown) {
      return this;
    }, self);
    expect(withThis.call({ other: true })).toBe(self);
  });

  it('refuses what is not a function, as Node does', () => {
    expect(() => new AsyncResource('test').bind(42 as never)).toThrow(/"fn" argument must be of type function/);
  });
});
