import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Order, Problem, Task } from '../api/types';
import { asProblem, Done, FieldError, ProblemNotice, useConsole, useSubmit } from '../components/common';
import { urgencyOf } from '../queue/queue.rules';
import { shortId } from '../words/labels';

interface Pickup {
  task: Task;
  order: Order | null;
}

/** The collection counter: find a ready pickup by order number or customer, check the code, hand over. */
export function Counter({ initialQuery }: { initialQuery?: string }) {
  const { api, session } = useConsole();
  const store = session.storeId;
  const [query, setQuery] = useState(initialQuery ?? '');
  const [results, setResults] = useState<Pickup[] | null>(null);
  const [searchProblem, setSearchProblem] = useState<Problem | null>(null);
  const [selected, setSelected] = useState<Pickup | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const handover = useSubmit();
  const reissue = useSubmit();
  const codeRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const choose = async (task: Task) => {
    setSelected({ task, order: null });
    setCode('');
    handover.setProblem(null);
    reissue.setProblem(null);
    const order = await api.order(task.orderId).catch(() => null);
    setSelected((s) => (s?.task.id === task.id ? { task, order } : s));
  };

  const search = async (q: string) => {
    setSearchProblem(null);
    setResults(null);
    setSelected(null);
    setDone(null);
    const needle = q.trim().toLowerCase();
    if (!needle) return;
    try {
      const ready = (await api.tasksAt(store, { status: 'ready_for_pickup', limit: 200 })).items;
      let found = ready.filter((t) => t.orderId.toLowerCase() === needle || t.orderId.toLowerCase().startsWith(needle));
      if (!found.length) {
        // Not an order number: a customer id (their whole history), or a channel's own order reference.
        const [history, listed] = await Promise.all([
          api.customerOrders(q.trim()).catch(() => ({ items: [] })),
          api.orders({ status: 'ready_for_pickup', locationId: store, limit: 100 }),
        ]);
        const ids = new Set([
          ...history.items.map((o) => o.id),
          ...listed.items
            .filter((o) => o.externalRef?.toLowerCase() === needle || o.customerId.toLowerCase() === needle)
            .map((o) => o.id),
        ]);
        found = ready.filter((t) => ids.has(t.orderId));
      }
      setResults(found.map((task) => ({ task, order: null })));
      if (found.length === 1) await choose(found[0]);
    } catch (error) {
      setSearchProblem(asProblem(error));
    }
  };

  useEffect(() => {
    if (initialQuery) void search(initialQuery);
  }, [initialQuery]);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    void search(query);
  };

  const onHandover = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    const task = await handover.run({ code }, () => api.handover(selected.task.id, code.trim()));
    if (task) {
      setDone(`Handed over: order ${shortId(task.orderId)}. Give the customer their parcel.`);
      setSelected(null);
      setResults(null);
      setQuery('');
      setCode('');
      searchRef.current?.focus();
    } else {
      // Keep the typed code on screen, selected, so the next attempt simply types over it.
      codeRef.current?.select();
      void api.task(selected.task.id).then(
        (t) => setSelected((s) => (s ? { ...s, task: t } : s)),
        () => undefined,
      );
    }
  };

  const onReissue = async () => {
    if (!selected) return;
    const task = await reissue.run({ reissue: selected.task.id }, (key) => api.reissueCode(selected.task.id, key));
    if (task) {
      setSelected({ ...selected, task });
      handover.setProblem(null);
      setCode('');
      setDone('A new code was sent to the customer. Ask them for the new code.');
    }
  };

  const pickup = selected?.task.pickup;
  const locked = pickup?.locked || handover.problem?.type === 'urn:omni:problem:pickup-locked';
  const urgency = selected ? urgencyOf(selected.task, Date.now()) : null;

  // The code field takes the focus when a pickup is chosen, and again once a new code unlocks it.
  useEffect(() => {
    if (selected && !locked) codeRef.current?.focus();
  }, [selected?.task.id, locked]);

  return (
    <div className="split">
      <section className="card" aria-label="Find a pickup">
        <form onSubmit={onSearch} className="scan">
          <label>
            Order number or customer
            <input
              ref={searchRef}
              name="pickup-search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoFocus
              autoComplete="off"
            />
          </label>
          <button type="submit">Find</button>
        </form>
        {done && <Done>{done}</Done>}
        <ProblemNotice problem={searchProblem} />
        {results && !results.length && <p className="hint">No pickup ready at this store for “{query.trim()}”.</p>}
        {results && results.length > 1 && (
          <ul className="results">
            {results.map(({ task }) => (
              <li key={task.id}>
                <button type="button" onClick={() => void choose(task)} data-order-id={task.orderId}>
                  Order {shortId(task.orderId)} · {task.lines.map((l) => `${l.qty} × ${l.sku}`).join(', ')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {selected && (
        <section className="card" aria-label="Hand over" data-task-id={selected.task.id}>
          <h2>
            Order <span className="order-no">{shortId(selected.task.orderId)}</span>
          </h2>
          {selected.order && (
            <p>
              Customer {selected.order.customer.id}
              {selected.order.customer.email ? ` · ${selected.order.customer.email}` : ''}
            </p>
          )}
          <ul className="lines">
            {selected.task.lines.map((l) => (
              <li key={l.orderLineId}>
                {l.pickedQty ?? l.qty} × {l.sku}
              </li>
            ))}
          </ul>
          {urgency && <p className={`urgency ${urgency.level}`}>{urgency.text}</p>}
          <form onSubmit={onHandover} aria-label="Pickup code">
            <label>
              Customer's pickup code
              <input
                ref={codeRef}
                name="code"
                inputMode="numeric"
                autoComplete="off"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                disabled={locked}
              />
              <FieldError problem={handover.problem} field="code" fields={{ code: 'Pickup code' }} />
            </label>
            <ProblemNotice problem={handover.problem} fields={{ code: 'Pickup code' }} />
            <button type="submit" disabled={handover.busy || locked || code.length !== 6}>
              Hand over
            </button>
          </form>
          {pickup && pickup.failedAttempts > 0 && !locked && (
            <p className="hint">{pickup.failedAttempts} wrong code(s) so far.</p>
          )}
          <ProblemNotice problem={reissue.problem} />
          <button
            type="button"
            className={locked ? '' : 'secondary'}
            onClick={() => void onReissue()}
            disabled={reissue.busy}
          >
            Send a new code
          </button>
        </section>
      )}
    </div>
  );
}
