import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { OPEN_TASK_STATUSES, type Task } from '../api/types';
import { ProblemNotice, useConsole, usePolling } from '../components/common';
import { ago, queueOrder, urgencyOf } from '../queue/queue.rules';
import { DELIVERY_LABELS, shortId, TASK_STATUS_LABELS } from '../words/labels';
import { TaskWork } from './TaskWork';

/** Fulfilment offers no task event stream, so the queue asks again 750 ms after each answer: a new task shows within about a second (README "Store console"). */
export const QUEUE_POLL_MS = 750;

/** My store's open tasks, live: new ones appear within a second, the oldest and most urgent first. */
export function WorkQueue({ openOrderId }: { openOrderId?: string }) {
  const { api, session } = useConsole();
  const store = session.storeId;
  const { data, problem, at } = usePolling(
    async (signal) => {
      const pages = await Promise.all(
        OPEN_TASK_STATUSES.map((status) => api.tasksAt(store, { status, limit: 200 }, signal)),
      );
      return pages.flatMap((p) => p.items);
    },
    QUEUE_POLL_MS,
    [store],
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [overrides, setOverrides] = useState<Record<string, Task>>({});
  const [find, setFind] = useState(openOrderId ?? '');
  const [findNote, setFindNote] = useState<string | null>(null);
  const seen = useRef<Set<string> | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const tasks = useMemo(() => {
    const byId = new Map((data ?? []).map((t) => [t.id, t]));
    // A step just taken shows at once, until the next poll says the same or newer.
    for (const t of Object.values(overrides)) {
      const polled = byId.get(t.id);
      if (!polled || Date.parse(polled.updatedAt) < Date.parse(t.updatedAt)) byId.set(t.id, t);
    }
    return queueOrder([...byId.values()], now);
  }, [data, overrides, now]);

  // Tasks that arrived after the queue was first shown are marked new.
  const fresh = useMemo(() => {
    if (!data) return new Set<string>();
    if (!seen.current) seen.current = new Set(data.map((t) => t.id));
    return new Set(data.filter((t) => !seen.current?.has(t.id)).map((t) => t.id));
  }, [data]);

  const selected = selectedId ? (tasks.find((t) => t.id === selectedId) ?? overrides[selectedId]) : undefined;

  const onFind = (event: FormEvent) => {
    event.preventDefault();
    const q = find.trim().toLowerCase();
    if (!q) return;
    const match = tasks.find((t) => t.orderId.toLowerCase() === q || t.orderId.toLowerCase().startsWith(q));
    if (match) {
      setSelectedId(match.id);
      setFindNote(null);
      setFind('');
    } else setFindNote(`No open task for order ${find.trim()} at this store.`);
  };

  return (
    <div className="split">
      <section className="queue" aria-label="Work queue">
        <form onSubmit={onFind} className="scan">
          <label>
            Scan or type an order number
            <input
              name="find-order"
              value={find}
              onChange={(e) => (setFind(e.target.value), setFindNote(null))}
              autoFocus={!selectedId}
              autoComplete="off"
            />
          </label>
          {findNote && <span className="hint">{findNote}</span>}
        </form>
        <p className="live" aria-live="off">
          {problem ? 'Not updating' : at ? 'Live' : 'Loading…'} · {tasks.length} open task
          {tasks.length === 1 ? '' : 's'}
        </p>
        <ProblemNotice problem={problem} />
        {OPEN_TASK_STATUSES.map((status) => {
          const group = tasks.filter((t) => t.status === status);
          return (
            <div key={status} className="group" data-group={status}>
              <h3>
                {TASK_STATUS_LABELS[status]} <span className="count">{group.length}</span>
              </h3>
              <ul>
                {group.map((t) => {
                  const urgency = urgencyOf(t, now);
                  return (
                    <li key={t.id}>
                      <button
                        type="button"
                        className={`task ${urgency?.level ?? ''} ${t.id === selectedId ? 'selected' : ''}`}
                        data-order-id={t.orderId}
                        data-task-id={t.id}
                        onClick={() => setSelectedId(t.id)}
                      >
                        <span className="order-no">{shortId(t.orderId)}</span>
                        <span className={`badge ${t.deliveryType}`}>{DELIVERY_LABELS[t.deliveryType]}</span>
                        {fresh.has(t.id) && <span className="badge new">New</span>}
                        <span className="lines">{t.lines.map((l) => `${l.qty} × ${l.sku}`).join(', ')}</span>
                        <span className="age">{ago(now - Date.parse(t.createdAt))}</span>
                        {urgency && <span className={`urgency ${urgency.level}`}>{urgency.text}</span>}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </section>
      {selected ? (
        <TaskWork task={selected} onChanged={(t) => setOverrides((o) => ({ ...o, [t.id]: t }))} />
      ) : (
        <section className="card hint">Choose a task, or scan its order number.</section>
      )}
    </div>
  );
}
