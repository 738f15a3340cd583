import { useState, type FormEvent } from 'react';
import {
  DISPOSITIONS,
  RETURN_REASONS,
  type Disposition,
  type InspectionEntry,
  type Order,
  type OrderSummary,
  type Problem,
  type Return,
  type ReturnReason,
} from '../api/types';
import { asProblem, Done, ProblemNotice, useConsole, useSubmit } from '../components/common';
import { DISPOSITION_LABELS, money, REASON_LABELS, shortId } from '../words/labels';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Inspection {
  disposition: Disposition;
  toLocationId: string;
}

/** Any order, from any channel, by number or customer: take a walk-in return, inspect each unit, see the refund. */
export function ReturnsDesk() {
  const { api, session } = useConsole();
  const [query, setQuery] = useState('');
  const [history, setHistory] = useState<OrderSummary[] | null>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [findProblem, setFindProblem] = useState<Problem | null>(null);
  const [qty, setQty] = useState<Record<string, number>>({});
  const [reason, setReason] = useState<Record<string, ReturnReason>>({});
  const [ret, setRet] = useState<Return | null>(null);
  const [units, setUnits] = useState<Record<string, Inspection[]>>({});
  const start = useSubmit();
  const inspect = useSubmit();

  const open = async (orderId: string) => {
    setFindProblem(null);
    setRet(null);
    setQty({});
    setUnits({});
    try {
      const found = await api.order(orderId);
      setOrder(found);
      // A return already received here and waiting for inspection is picked up where it was left.
      const existing = await api.returnsOfOrder(orderId).catch(() => ({ returns: [] as Return[] }));
      const pending = existing.returns.find(
        (r) => r.status === 'received' && r.received?.locationId === session.storeId,
      );
      if (pending) startInspection(pending);
    } catch (error) {
      setOrder(null);
      const problem = asProblem(error);
      setFindProblem(
        problem.type === 'urn:omni:problem:not-found' && session.role === 'store'
          ? {
              ...problem,
              type: 'console:order-elsewhere',
              title: 'Not visible from this store',
              detail: `Order ${shortId(orderId)} was not sold, collected or sent through this store, so its items cannot be shown here.`,
            }
          : problem,
      );
    }
  };

  const onFind = async (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    setHistory(null);
    setOrder(null);
    setRet(null);
    if (!q) return;
    if (UUID.test(q)) return void open(q);
    try {
      // A customer id (their history across channels), or the short number or channel reference of an order of this store's.
      const needle = q.toLowerCase();
      const [history, ours] = await Promise.all([
        api.customerOrders(q).catch((error: unknown) => {
          if (asProblem(error).type === 'urn:omni:problem:not-found') return { items: [] as OrderSummary[] };
          throw error;
        }),
        api.orders({ locationId: session.storeId, limit: 100 }),
      ]);
      const byNumber = ours.items.filter(
        (o) => o.id.toLowerCase().startsWith(needle) || o.externalRef?.toLowerCase() === needle,
      );
      const items = [...new Map([...history.items, ...byNumber].map((o) => [o.id, o])).values()];
      setHistory(items);
      setFindProblem(null);
      if (items.length === 1) void open(items[0].id);
    } catch (error) {
      setFindProblem(asProblem(error));
    }
  };

  const startInspection = (r: Return) => {
    setRet(r);
    setUnits(
      Object.fromEntries(
        r.lines.map((l) => [
          l.orderLineId,
          Array.from({ length: l.receivedQty ?? 0 }, () => ({
            disposition: 'restock' as Disposition,
            toLocationId: '',
          })),
        ]),
      ),
    );
  };

  const returnable = (order?.lines ?? []).filter((l) =>
    ['picked_up', 'delivered', 'shipped', 'returned', 'refunded'].includes(l.status),
  );
  const chosen = returnable
    .filter((l) => (qty[l.id] ?? 0) > 0)
    .map((l) => ({ orderLineId: l.id, qty: qty[l.id], reason: reason[l.id] ?? 'changed-mind' }));

  const onStart = async (event: FormEvent) => {
    event.preventDefault();
    if (!order || !chosen.length) return;
    const body = { orderId: order.id, locationId: session.storeId, lines: chosen };
    const created = await start.run(body, (key) => api.walkIn(body, key));
    if (created) startInspection(created);
  };

  const onInspect = async (event: FormEvent) => {
    event.preventDefault();
    if (!ret) return;
    // One entry per line and disposition (and destination), with the units counted up.
    const entries = new Map<string, InspectionEntry>();
    for (const [orderLineId, list] of Object.entries(units)) {
      for (const u of list) {
        const key = `${orderLineId}|${u.disposition}|${u.toLocationId}`;
        const entry = entries.get(key) ?? {
          orderLineId,
          disposition: u.disposition,
          qty: 0,
          ...(u.disposition === 'transfer' ? { toLocationId: u.toLocationId.trim() } : {}),
        };
        entry.qty += 1;
        entries.set(key, entry);
      }
    }
    const lines = [...entries.values()];
    const result = await inspect.run(lines, (key) => api.inspect(ret.id, lines, key));
    if (result) setRet(result);
  };

  const setUnit = (lineId: string, i: number, change: Partial<Inspection>) =>
    setUnits((u) => ({ ...u, [lineId]: u[lineId].map((x, j) => (j === i ? { ...x, ...change } : x)) }));

  return (
    <div className="split">
      <section className="card" aria-label="Find an order">
        <form onSubmit={onFind} className="scan">
          <label>
            Order number or customer
            <input
              name="return-search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoFocus
              autoComplete="off"
            />
          </label>
          <button type="submit">Find</button>
        </form>
        <ProblemNotice problem={findProblem} />
        {history && !history.length && <p className="hint">No order or customer “{query.trim()}” found.</p>}
        {history && history.length > 0 && (
          <ul className="results">
            {history.map((o) => (
              <li key={o.id}>
                <button type="button" onClick={() => void open(o.id)} data-order-id={o.id}>
                  Order {shortId(o.id)} · {o.channel} · {new Date(o.placedAt).toLocaleDateString()} ·{' '}
                  {o.status.replace(/_/g, ' ')} · {o.totals.map((t) => money(t.amountMinor, t.currency)).join(' + ')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {order && !ret && (
        <section className="card" aria-label="Walk-in return">
          <h2>
            Order <span className="order-no">{shortId(order.id)}</span> · {order.channel}
          </h2>
          <p>Customer {order.customer.id}</p>
          <form onSubmit={onStart}>
            <table>
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Bought</th>
                  <th>Returned</th>
                  <th>Bringing back</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((l) => {
                  const can = returnable.includes(l);
                  const left = l.qty - l.returnedQty;
                  return (
                    <tr key={l.id}>
                      <td>
                        {l.sku} <span className="hint">{money(l.unitPrice, l.currency)}</span>
                      </td>
                      <td>{l.qty}</td>
                      <td>{l.returnedQty}</td>
                      <td>
                        {can && left > 0 ? (
                          <input
                            type="number"
                            min={0}
                            max={left}
                            inputMode="numeric"
                            aria-label={`${l.sku} bringing back`}
                            value={qty[l.id] ?? 0}
                            onChange={(e) =>
                              setQty({ ...qty, [l.id]: Math.max(0, Math.min(left, Number(e.target.value) || 0)) })
                            }
                          />
                        ) : (
                          <span className="hint">
                            {can ? 'all returned' : `not returnable yet (${l.status.replace(/_/g, ' ')})`}
                          </span>
                        )}
                      </td>
                      <td>
                        {can && left > 0 && (
                          <select
                            aria-label={`${l.sku} reason`}
                            value={reason[l.id] ?? 'changed-mind'}
                            onChange={(e) => setReason({ ...reason, [l.id]: e.target.value as ReturnReason })}
                          >
                            {RETURN_REASONS.map((r) => (
                              <option key={r} value={r}>
                                {REASON_LABELS[r]}
                              </option>
                            ))}
                          </select>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <ProblemNotice problem={start.problem} />
            <button type="submit" disabled={start.busy || !chosen.length}>
              Take the return
            </button>
          </form>
        </section>
      )}

      {ret && (
        <section className="card" aria-label="Inspection" data-return-id={ret.id}>
          <h2>Return for order {shortId(ret.orderId)}</h2>
          {ret.status === 'received' && (
            <form onSubmit={onInspect}>
              <p>Inspect each unit and say where it goes.</p>
              {ret.lines.map((l) =>
                (units[l.orderLineId] ?? []).map((u, i) => (
                  <div key={`${l.orderLineId}-${i}`} className="unit">
                    <span>
                      {l.sku} · unit {i + 1}
                    </span>
                    <select
                      aria-label={`${l.sku} unit ${i + 1}`}
                      value={u.disposition}
                      onChange={(e) => setUnit(l.orderLineId, i, { disposition: e.target.value as Disposition })}
                    >
                      {DISPOSITIONS.map((d) => (
                        <option key={d} value={d}>
                          {DISPOSITION_LABELS[d]}
                        </option>
                      ))}
                    </select>
                    {u.disposition === 'transfer' && (
                      <input
                        aria-label={`${l.sku} unit ${i + 1} sent to`}
                        placeholder="to location, e.g. dc-001"
                        value={u.toLocationId}
                        onChange={(e) => setUnit(l.orderLineId, i, { toLocationId: e.target.value })}
                        required
                      />
                    )}
                  </div>
                )),
              )}
              <ProblemNotice problem={inspect.problem} />
              <button type="submit" disabled={inspect.busy}>
                Record inspection
              </button>
            </form>
          )}
          {ret.status === 'inspected' && (
            <Done>
              <strong>Inspected.</strong>{' '}
              {ret.refund ? (
                <span className="refund">
                  Refund decided: {money(ret.refund.totalMinor, ret.refund.currency)}
                  {ret.lines.some((l) => l.refund?.feeMinor)
                    ? ` (after fees of ${money(
                        ret.lines.reduce((s, l) => s + (l.refund?.feeMinor ?? 0), 0),
                        ret.currency,
                      )})`
                    : ''}
                  .
                </span>
              ) : (
                'The refund is decided once every unit is inspected.'
              )}
              <ul>
                {ret.lines.map((l) => (
                  <li key={l.orderLineId}>
                    {l.sku}:{' '}
                    {l.dispositions
                      .map((d) => `${d.qty} ${DISPOSITION_LABELS[d.disposition].toLowerCase()}`)
                      .join(', ')}
                    {l.refund ? ` · refund ${money(l.refund.amountMinor, ret.currency)}` : ''}
                  </li>
                ))}
              </ul>
            </Done>
          )}
        </section>
      )}
    </div>
  );
}
