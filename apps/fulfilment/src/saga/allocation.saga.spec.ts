import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { TaskFacts, TASK_FACT_KINDS } from '../tasks/task-facts';
import { ALLOCATION_SAGA, eventSteps, factSteps } from './allocation.saga';
import { SagaFacts } from './saga-facts';
import { SagaHandlers } from './saga.handlers';
import type { SagaService } from './saga.service';

// The table is what runs: the handlers and the fact handler are made from it, nothing else routes to the saga.
const fakeSaga = () => {
  const calls: Array<[string, unknown[]]> = [];
  const saga = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (...args: unknown[]) => (calls.push([name, args]), Promise.resolve()),
    },
  ) as unknown as SagaService;
  return { saga, calls };
};

const handlerMethods = () =>
  Object.getOwnPropertyNames(SagaHandlers.prototype)
    .map((name) => ({
      name,
      patterns: Reflect.getMetadata(
        PATTERN_METADATA,
        (SagaHandlers.prototype as unknown as Record<string, object>)[name],
      ) as string[] | undefined,
    }))
    .filter((m) => m.patterns);

describe('the allocation saga table', () => {
  it('names each step once, and every inner step sits within a step that runs', () => {
    const names = ALLOCATION_SAGA.map((s) => s.step);
    expect(new Set(names).size).toBe(names.length);
    const running = new Set([...eventSteps(ALLOCATION_SAGA), ...factSteps(ALLOCATION_SAGA)].map((s) => s.step));
    for (const s of ALLOCATION_SAGA) if ('within' in s.on) expect(running).toContain(s.on.within);
    for (const s of ALLOCATION_SAGA) expect(s.compensation).not.toBe('');
  });

  it('subscribes exactly the events of its event steps, one handler each', () => {
    expect(
      handlerMethods()
        .flatMap((m) => m.patterns)
        .sort(),
    ).toEqual(
      eventSteps(ALLOCATION_SAGA)
        .map((s) => s.on.event.type)
        .sort(),
    );
  });

  it("hands each event to its own step, with the envelope's data", async () => {
    const { saga, calls } = fakeSaga();
    const handlers = new SagaHandlers(saga) as unknown as Record<string, (e: unknown) => Promise<void>>;
    for (const { name } of handlerMethods()) await handlers[name]({ data: { orderId: name } });
    expect(calls.map(([method, args]) => [method, (args[0] as { orderId: string }).orderId])).toEqual(
      handlerMethods().map(({ name }) => [expect.any(String), name]),
    );
    expect(new Set(calls.map(([method]) => method)).size).toBe(calls.length);
  });

  it('has a step for every fact a staff step tells, and runs it', async () => {
    expect(
      factSteps(ALLOCATION_SAGA)
        .map((s) => s.on.fact)
        .sort(),
    ).toEqual([...TASK_FACT_KINDS].sort());
    const { saga, calls } = fakeSaga();
    const facts = new TaskFacts();
    new SagaFacts(facts, saga).onModuleInit();
    await facts.tell({ kind: 'goods-left', orderId: 'o-1', lineIds: ['l-1'] });
    await facts.tell({ kind: 'lines-short', orderId: 'o-1', locationId: 's-1', lineIds: ['l-2'] });
    await facts.tell({ kind: 'work-rejected', orderId: 'o-1', locationId: 's-2', lineIds: ['l-3'] });
    expect(calls).toEqual([
      ['goodsLeft', ['o-1', ['l-1']]],
      ['sourceElsewhere', ['o-1', [{ orderLineId: 'l-2', excludeLocationId: 's-1' }], 'short-picked']],
      ['sourceElsewhere', ['o-1', [{ orderLineId: 'l-3', excludeLocationId: 's-2' }], 'fulfilment-order-rejected']],
    ]);
  });

  it('refuses a staff step whose fact nobody would handle', async () => {
    await expect(new TaskFacts().tell({ kind: 'goods-left', orderId: 'o-1', lineIds: [] })).rejects.toThrow(
      /nothing handles/,
    );
  });
});
