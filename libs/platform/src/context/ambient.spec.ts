import { ambient } from './ambient';
import { requestContext, type RequestContext } from './request-context';

const context = (correlationId: string): RequestContext => ({ correlationId, causationId: null, actor: {} });
const transaction = (host: object) => ({
  host,
  active: { manager: {} as never, beforeCommit: [], afterCommit: [], resources: new Map() },
});

describe('ambient slots', () => {
  it('sets one slot and keeps the others, only for the work it runs', async () => {
    const tx = transaction({});
    await ambient.run('transaction', tx, async () => {
      await requestContext.run(context('c-1'), async () => {
        await Promise.resolve();
        expect(ambient.get('transaction')).toBe(tx);
        expect(requestContext.current().correlationId).toBe('c-1');
      });
      expect(ambient.get('context')).toBeUndefined();
      expect(ambient.get('transaction')).toBe(tx);
    });
    expect(ambient.get('transaction')).toBeUndefined();
  });

  it('a bound callback gets its context back and the transaction of where it is called', () => {
    const tx = transaction({});
    const bound = requestContext.run(context('c-2'), () =>
      requestContext.bind(() => [requestContext.current().correlationId, ambient.get('transaction')]),
    );
    expect(ambient.run('transaction', tx, bound)).toEqual(['c-2', tx]);
  });
});
