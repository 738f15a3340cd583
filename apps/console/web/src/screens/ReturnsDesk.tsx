import { useState, type FormEvent } from 'react';
import {
  DISPOSITIONS,
  RETURN_REASONS,
  type Disposition,
  type InspectionEntry,
  type Money,
  type Problem,
  type Return,
  type ReturnableOrder,
  type ReturnReason,
} from '../api/types';
import { asProblem, Done, ProblemNotice, useConsole, useSubmit } from '../components/common';
import { DISPOSITION_LABELS, money, REASON_LABELS, shortId } from '../words/labels';
import { day, returnableWords } from '../words/returnable';

interface Inspection {
  disposition: Disposition;
  toLocationId: string;
}

/** An order a search found: by its number or reference (any order), or in the customer's history (status and totals too). */
interface Found {
  id: string;
  channel: string;
  placedAt: string;
  externalRef: string | null;
  status?: string;
  totals?: Money[];
}

/** Any order, from any channel, by number or customer: take a walk-in return, inspect each unit, see the refund. */
export function ReturnsDesk() {
  const { api, session } = useConsole();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [order, setOrder] = useState<ReturnableOrder | null>(null);
  const [findProblem, setFindProblem] = useState<Problem | null>(null);
  const [qty, setQty] = useState<Record<string, number>>({});
  const [reason, setReason] = useState<Record<string, ReturnReason>>({});
  const [ret, setRet] = useState<Return | null>(null);
  const [units, setUnits] = useState<Record<string, Inspection[]>>({});
  const start = useSubmit();
  const inspect = useSubmit();

  /** Shows what may come back of the order (any store may read it), and picks up a return received here and not yet inspected. */
  const show = async (view: ReturnableOrder) => {
    setFindProblem(null);
    setRet(null);
    setQty({});
    setUnits({});
    setOrder(view);
    const existing = await api.returnsOfOrder(view.orderId).catch(() => ({ returns: [] as Return[] }));
    const pending = existing.returns.find((r) => r.status === 'received' && r.received?.locationId === session.storeId);
    if (pending) startInspection(pending);
  };

  const open = async (orderId: string) => {
    try {
      await show(await api.returnable(orderId));
    } catch (error) {
      setOrder(null);
      setFindProblem(asProblem(error));
    }
  };

  const onFind = async (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    setFound(null);
    setOrder(null);
    setRet(null);
    if (!q) return;
    try {
      // The order number (its first 8 characters do) or the channel's reference of any order, and a customer's whole history.
      const [numbered, history] = await Promise.all([
        api.findReturnable(q),
        api.customerOrders(q).catch((error: unknown) => {
          if (asProblem(error).type === 'urn:omni:problem:not-found') return { items: [] };
          throw error;
        }),
      ]);
      const byId = new Map<string, Found>();
      for (const o of numbered.items)
        byId.set(o.orderId, { id: o.orderId, channel: o.channel, placedAt: o.placedAt, externalRef: o.externalRef });
      for (const o of history.items) byId.set(o.id, o);
      const items = [...byId.values()].sort((a, b) => b.placedAt.localeCompare(a.placedAt));
      setFound(items);
      setFindProblem(null);
      if (items.length !== 1) return;
      const view = numbered.items.find((o) => o.orderId === items[0].id);
      void (view ? show(view) : open(items[0].id));
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

  const chosen = (order?.lines ?? [])
    .filter((l) => l.returnable && (qty[l.orderLineId] ?? 0) > 0)
    .map((l) => ({
      orderLineId: l.orderLineId,
      qty: qty[l.orderLineId],
      reason: reason[l.orderLineId] ?? 'changed-mind',
    }));

  const onStart = async (event: FormEvent) => {
    event.preventDefault();
    if (!order || !chosen.length) return;
    const body = { orderId: order.orderId, locationId: session.storeId, lines: chosen };
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
        {found && !found.length && <p className="hint">No order or customer “{query.trim()}” found.</p>}
        {found && found.length > 0 && (
          <ul className="results">
            {found.map((o) => (
              <li key={o.id}>
                <button type="button" onClick={() => void open(o.id)} data-order-id={o.id}>
                  Order {shortId(o.id)} · {o.channel}
                  {o.externalRef ? ` ${o.externalRef}` : ''} · {day(o.placedAt)}
                  {o.status ? ` · ${o.status.replace(/_/g, ' ')}` : ''}
                  {o.totals ? ` · ${o.totals.map((t) => money(t.amountMinor, t.currency)).join(' + ')}` : ''}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {order && !ret && (
        <section className="card" aria-label="Walk-in return" data-order-id={order.orderId}>
          <h2>
            Order <span className="order-no">{shortId(order.orderId)}</span> · {order.channel}
            {order.externalRef ? ` ${order.externalRef}` : ''}
          </h2>
          <p className="hint">Placed {day(order.placedAt)}</p>
          <form onSubmit={onStart}>
            <table>
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Bought</th>
                  <th>Customer has</th>
                  <th>Returned</th>
                  <th>Bringing back</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((l) => (
                  <tr
                    key={l.orderLineId}
                    className={l.returnable ? undefined : 'not-returnable'}
                    data-line-id={l.orderLineId}
                  >
                    <td>
                      {l.sku} <span className="hint">{money(l.unitPriceMinor, l.currency)}</span>
                      <span className="hint why">{returnableWords(l)}</span>
                    </td>
                    <td>{l.qty}</td>
                    <td>{l.fulfilledQty}</td>
                    <td>{l.returnedQty}</td>
                    <td>
                      {l.returnable && (
                        <input
                          type="number"
                          min={0}
                          max={l.returnableQty}
                          inputMode="numeric"
                          aria-label={`${l.sku} bringing back`}
                          value={qty[l.orderLineId] ?? 0}
                          onChange={(e) =>
                            setQty({
                              ...qty,
                              [l.orderLineId]: Math.max(0, Math.min(l.returnableQty, Number(e.target.value) || 0)),
                            })
                          }
                        />
                      )}
                    </td>
                    <td>
                      {l.returnable && (
                        <select
                          aria-label={`${l.sku} reason`}
                          value={reason[l.orderLineId] ?? 'changed-mind'}
                          onChange={(e) => setReason({ ...reason, [l.orderLineId]: e.target.value as ReturnReason })}
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
                ))}
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
