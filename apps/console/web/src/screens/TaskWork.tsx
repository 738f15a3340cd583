import { useEffect, useState, type FormEvent } from 'react';
import { isOpenTask, type Task } from '../api/types';
import { Done, FieldError, ProblemNotice, useConsole, useSubmit } from '../components/common';
import { pickOutcome } from '../queue/queue.rules';
import { DELIVERY_LABELS, shortId, taskStatusLabel } from '../words/labels';

const CARRIERS = ['Royal Mail', 'DPD', 'DHL', 'UPS', 'Evri', 'La Poste', 'Colissimo'];

/** One task's next step: pick (per line, by scan or by typing), pack, ready for collection, or ship. */
export function TaskWork({ task, onChanged }: { task: Task; onChanged(task: Task): void }) {
  const { api, go } = useConsole();
  const step = useSubmit();
  const [done, setDone] = useState<string | null>(null);
  const [confirmShort, setConfirmShort] = useState(false);
  const [picked, setPicked] = useState<Record<string, number>>({});
  const [scan, setScan] = useState('');
  const [scanNote, setScanNote] = useState<string | null>(null);
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');

  // Another task opened: start its form afresh; the same task refreshed by the queue keeps what was typed.
  useEffect(() => {
    setPicked({});
    setConfirmShort(false);
    setDone(null);
    setCarrier('');
    setTracking('');
    step.setProblem(null);
  }, [task.id]);

  const open = task.lines.filter((l) => l.pickedQty === null);
  const outcome = pickOutcome(task, picked);
  // What a short pick leads to is said once something was counted, or when a short pick is about to be sent.
  const counted = Object.keys(picked).length > 0;

  const apply = async (body: unknown, call: (key: string) => Promise<Task>, message: (t: Task) => string) => {
    const result = await step.run(body, call);
    if (result) {
      setDone(message(result));
      setConfirmShort(false);
      onChanged(result);
    } else {
      // A task that moved on under us (task-state) is shown as it is now.
      void api.task(task.id).then(onChanged, () => undefined);
    }
  };

  const onScan = (event: FormEvent) => {
    event.preventDefault();
    const code = scan.trim().toUpperCase();
    setScan('');
    const line = open.find((l) => l.sku.toUpperCase() === code);
    if (!line) return setScanNote(code ? `${code} is not on this task. Check the item.` : null);
    const now = picked[line.orderLineId] ?? 0;
    if (now >= line.qty) return setScanNote(`${line.sku}: all ${line.qty} already found.`);
    setPicked({ ...picked, [line.orderLineId]: now + 1 });
    setScanNote(`${line.sku}: ${now + 1} of ${line.qty}`);
    setConfirmShort(false);
  };

  const submitPick = (event: FormEvent) => {
    event.preventDefault();
    if (outcome.length && !confirmShort) return setConfirmShort(true);
    const lines = open.map((l) => ({ orderLineId: l.orderLineId, pickedQty: picked[l.orderLineId] ?? 0 }));
    void apply(
      { pick: lines },
      (key) => api.pick(task.id, lines, key),
      (t) =>
        t.status === 'rejected'
          ? 'Nothing was found: the task is closed and the order is sourced again.'
          : outcome.length
            ? 'Short pick recorded. Pack what you found.'
            : 'Picked. Now pack it.',
    );
  };

  const fields = Object.fromEntries(open.map((l, i) => [`lines.${i}.pickedQty`, `${l.sku} found`]));
  const shipFields = { carrier: 'Carrier', trackingNumber: 'Tracking number' };

  return (
    <section
      className="card task-work"
      aria-label={`Task for order ${shortId(task.orderId)}`}
      data-task-id={task.id}
      data-status={task.status}
    >
      <header>
        <h2>
          Order <span className="order-no">{shortId(task.orderId)}</span>
        </h2>
        <span className={`badge ${task.deliveryType}`}>{DELIVERY_LABELS[task.deliveryType]}</span>
        <span className="badge status">{taskStatusLabel(task.status)}</span>
      </header>
      {done && <Done>{done}</Done>}

      {task.status === 'to_pick' && (
        <>
          <form onSubmit={onScan} className="scan">
            <label>
              Scan an item
              <input
                name="scan"
                value={scan}
                onChange={(e) => setScan(e.target.value)}
                autoFocus
                autoComplete="off"
                placeholder="SKU barcode"
              />
            </label>
            {scanNote && <span className="hint">{scanNote}</span>}
          </form>
          <form onSubmit={submitPick} aria-label="Pick">
            <table>
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Ordered</th>
                  <th>Found</th>
                </tr>
              </thead>
              <tbody>
                {open.map((l, i) => (
                  <tr key={l.orderLineId}>
                    <td>{l.sku}</td>
                    <td>{l.qty}</td>
                    <td>
                      <input
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={l.qty}
                        name={`found-${l.sku}`}
                        aria-label={`${l.sku} found`}
                        value={picked[l.orderLineId] ?? 0}
                        onChange={(e) => (
                          setPicked({
                            ...picked,
                            [l.orderLineId]: Math.max(0, Math.min(l.qty, Number(e.target.value) || 0)),
                          }),
                          setConfirmShort(false)
                        )}
                      />
                      <button
                        type="button"
                        className="link"
                        onClick={() => (setPicked({ ...picked, [l.orderLineId]: l.qty }), setConfirmShort(false))}
                      >
                        all {l.qty}
                      </button>
                      <FieldError problem={step.problem} field={`lines.${i}.pickedQty`} fields={fields} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {outcome.length > 0 && (counted || confirmShort) && (
              <div className="notice warn" role="status">
                <strong>Short pick: here is what happens next.</strong>
                <ul>
                  {outcome.map((o) => (
                    <li key={o}>{o}</li>
                  ))}
                </ul>
              </div>
            )}
            <ProblemNotice problem={step.problem} fields={fields} />
            <button type="submit" disabled={step.busy}>
              {outcome.length ? (confirmShort ? 'Confirm short pick' : 'Record pick (short)') : 'Record pick'}
            </button>
          </form>
        </>
      )}

      {task.status === 'to_pack' && (
        <form
          onSubmit={(e) => (
            e.preventDefault(),
            void apply(
              { pack: task.id },
              (key) => api.pack(task.id, key),
              () =>
                task.deliveryType === 'pickup'
                  ? 'Packed. Mark it ready for collection.'
                  : 'Packed. Add the carrier and tracking number.',
            )
          )}
        >
          <ul className="lines">
            {task.lines
              .filter((l) => l.pickedQty)
              .map((l) => (
                <li key={l.orderLineId}>
                  {l.pickedQty} × {l.sku}
                </li>
              ))}
          </ul>
          <ProblemNotice problem={step.problem} />
          <button type="submit" autoFocus disabled={step.busy}>
            Packed
          </button>
        </form>
      )}

      {task.status === 'packed' && task.deliveryType === 'pickup' && (
        <form
          onSubmit={(e) => (
            e.preventDefault(),
            void apply(
              { ready: task.id },
              (key) => api.ready(task.id, key),
              (t) =>
                `Ready for collection. The customer gets a code by message; the pickup waits until ${new Date(t.pickup?.expiresAt ?? '').toLocaleString()}.`,
            )
          )}
        >
          <p>Put the parcel on the collection shelf, then:</p>
          <ProblemNotice problem={step.problem} />
          <button type="submit" autoFocus disabled={step.busy}>
            Ready for collection
          </button>
        </form>
      )}

      {task.status === 'packed' && task.deliveryType !== 'pickup' && (
        <form
          aria-label="Ship"
          onSubmit={(e) => {
            e.preventDefault();
            const body = { carrier: carrier.trim(), trackingNumber: tracking.trim() };
            void apply(
              body,
              (key) => api.ship(task.id, body, key),
              (t) => `Shipped with ${t.carrier}, tracking ${t.trackingNumber}.`,
            );
          }}
        >
          <label>
            Carrier
            <input
              name="carrier"
              list="carriers"
              value={carrier}
              onChange={(e) => setCarrier(e.target.value)}
              autoFocus
              required
            />
            <datalist id="carriers">
              {CARRIERS.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            <FieldError problem={step.problem} field="carrier" fields={shipFields} />
          </label>
          <label>
            Tracking number
            <input
              name="tracking"
              value={tracking}
              onChange={(e) => setTracking(e.target.value)}
              required
              placeholder="scan the label"
            />
            <FieldError problem={step.problem} field="trackingNumber" fields={shipFields} />
          </label>
          <ProblemNotice problem={step.problem} fields={shipFields} />
          <button type="submit" disabled={step.busy}>
            Shipped
          </button>
        </form>
      )}

      {task.status === 'ready_for_pickup' && (
        <p>
          Waiting for the customer.{' '}
          <button type="button" autoFocus onClick={() => go('counter', task.orderId)}>
            Hand over at the counter
          </button>
        </p>
      )}
      {!isOpenTask(task.status) && (
        <p className="hint">
          Nothing left to do here{task.reason ? ` (${task.reason})` : ''}.
          {task.trackingNumber ? ` Tracking: ${task.carrier} ${task.trackingNumber}.` : ''}
        </p>
      )}
    </section>
  );
}
