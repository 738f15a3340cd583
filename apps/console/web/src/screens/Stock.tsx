import { useEffect, useState, type FormEvent } from 'react';
import { openEventStream } from '../api/event-stream';
import type { Location, NearbyStore, Order, PlaceOrderBody, Problem, StockLevel } from '../api/types';
import { asProblem, Done, FieldError, ProblemNotice, useConsole, useSubmit } from '../components/common';
import { shortId } from '../words/labels';

interface Lookup {
  sku: string;
  here: StockLevel | null;
  nearby: NearbyStore[];
}

const SKU = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** A SKU here and nearby (live), and an order for the customer from elsewhere: the endless aisle. */
export function Stock() {
  const { api, session } = useConsole();
  const store = session.storeId;
  const [sku, setSku] = useState('');
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [live, setLive] = useState(false);
  const [home, setHome] = useState<Location | null>(null);

  useEffect(() => {
    api.location(store).then(setHome, () => setHome(null));
  }, [api, store]);

  const load = async (code: string): Promise<void> => {
    try {
      // A look-up typed before the store's own location has loaded still asks for the stores near it.
      const at = home ?? (await api.location(store).catch(() => null));
      const [levels, near] = await Promise.all([
        api.stockLevels(code),
        at ? api.nearby(code, { lat: at.lat, lng: at.lng }, 100) : Promise.resolve({ stores: [] as NearbyStore[] }),
      ]);
      setLookup({ sku: code, here: levels.find((l) => l.locationId === store) ?? null, nearby: near.stores });
      setProblem(null);
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const onLookup = (event: FormEvent) => {
    event.preventDefault();
    const code = sku.trim();
    if (!SKU.test(code)) return setProblem({ type: 'urn:omni:problem:unknown-sku', title: 'Unknown SKU', status: 400 });
    void load(code);
  };

  // Live: every change of this SKU's figure at a location feeding this store's channel reloads the figures.
  const watched = lookup?.sku;
  useEffect(() => {
    if (!watched) return;
    setLive(false);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = openEventStream(
      `/api/inventory/v1/availability/stream?skus=${encodeURIComponent(watched)}`,
      session.token,
      (event) => {
        if (event.type === 'snapshot') setLive(true);
        if (event.type === 'availability') {
          clearTimeout(timer);
          timer = setTimeout(() => void load(watched), 150);
        }
      },
      () => setLive(false),
    );
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [watched, session.token]);

  const here = lookup?.here;
  return (
    <div className="split">
      <section className="card" aria-label="Stock lookup">
        <form onSubmit={onLookup} className="scan">
          <label>
            Scan or type a SKU
            <input name="sku" value={sku} onChange={(e) => setSku(e.target.value)} autoFocus autoComplete="off" />
          </label>
          <button type="submit">Look up</button>
        </form>
        <ProblemNotice problem={problem} />
        {lookup && (
          <>
            <h2>
              {lookup.sku} at {home?.name ?? store} {live && <span className="badge live">Live</span>}
            </h2>
            <dl className="figures" data-sku={lookup.sku}>
              <div>
                <dt>On hand</dt>
                <dd data-figure="onHand">{here?.onHand ?? 0}</dd>
              </div>
              <div>
                <dt>Reserved</dt>
                <dd data-figure="reserved">{here?.reserved ?? 0}</dd>
              </div>
              <div>
                <dt>Sellable</dt>
                <dd data-figure="sellable">{here?.sellable ?? 0}</dd>
              </div>
              <div>
                <dt>Damaged</dt>
                <dd data-figure="damaged">{here?.damaged ?? 0}</dd>
              </div>
            </dl>
            {!here && <p className="hint">This store has never stocked {lookup.sku}.</p>}
            <h3>Nearby stores</h3>
            <table className="nearby">
              <thead>
                <tr>
                  <th>Store</th>
                  <th>Distance</th>
                  <th>Sellable</th>
                </tr>
              </thead>
              <tbody>
                {lookup.nearby.map((s) => (
                  <tr key={s.locationId} className={s.locationId === store ? 'this-store' : ''}>
                    <td>
                      {s.name} {s.locationId === store && '(this store)'}
                    </td>
                    <td>{s.distanceKm} km</td>
                    <td>{s.available}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      {lookup && <EndlessAisle sku={lookup.sku} nearby={lookup.nearby} home={home} />}
    </div>
  );
}

function EndlessAisle({ sku, nearby, home }: { sku: string; nearby: NearbyStore[]; home: Location | null }) {
  const { api, session } = useConsole();
  const store = session.storeId;
  const collectable = nearby.filter((s) => s.bopis && s.available > 0);
  const [qty, setQty] = useState(1);
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState(home?.address.country === 'GB' ? 'GBP' : 'EUR');
  const [customerId, setCustomerId] = useState('');
  const [email, setEmail] = useState('');
  const [how, setHow] = useState<string>('ship');
  const [address, setAddress] = useState({ line1: '', city: '', postalCode: '', country: home?.address.country ?? '' });
  const [staffId, setStaffId] = useState('');
  const [placed, setPlaced] = useState<Order | null>(null);
  const submit = useSubmit();

  const fields = {
    'lines.0.qty': 'Quantity',
    'lines.0.unitPrice': 'Price',
    'customer.id': 'Customer',
    'customer.email': 'Email',
    'lines.0.delivery.address.line1': 'Address',
    'lines.0.delivery.address.city': 'City',
    'lines.0.delivery.address.postalCode': 'Postcode',
    'lines.0.delivery.address.country': 'Country',
    'assistedBy.staffId': 'Your staff id',
  };

  const onPlace = async (event: FormEvent) => {
    event.preventDefault();
    const delivery =
      how === 'ship'
        ? { type: 'ship' as const, address: { ...address, country: address.country.trim().toUpperCase() } }
        : { type: 'pickup' as const, locationId: how };
    const body: PlaceOrderBody = {
      // A store token's own channel (pos unless it says otherwise): the only one it may order for.
      channel: (session.channel ?? 'pos') as PlaceOrderBody['channel'],
      customer: { id: customerId.trim(), ...(email.trim() ? { email: email.trim() } : {}) },
      lines: [{ sku, qty, unitPrice: Math.round(Number(price.replace(',', '.')) * 100), currency, delivery }],
      ...(staffId.trim() ? { assistedBy: { staffId: staffId.trim(), locationId: store } } : {}),
    };
    const order = await submit.run(body, (key) => api.placeOrder(body, key));
    if (order) setPlaced(order);
  };

  if (placed) {
    return (
      <section className="card" aria-label="Order for the customer" data-order-id={placed.id}>
        <Done>
          Order <span className="order-no">{shortId(placed.id)}</span> placed for {placed.customer.id} ({placed.status}
          ). The customer is told when it is ready or on its way.
        </Done>
        <button type="button" onClick={() => setPlaced(null)}>
          Another order
        </button>
      </section>
    );
  }
  return (
    <section className="card" aria-label="Order for the customer">
      <h2>Order {sku} for the customer</h2>
      <form onSubmit={onPlace}>
        <label>
          Quantity
          <input
            name="qty"
            type="number"
            min={1}
            value={qty}
            onChange={(e) => setQty(Math.max(1, Number(e.target.value) || 1))}
            inputMode="numeric"
          />
          <FieldError problem={submit.problem} field="lines.0.qty" fields={fields} />
        </label>
        <label>
          Price each
          <span className="row">
            <input
              name="price"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              inputMode="decimal"
              required
              placeholder="e.g. 89.00"
            />
            <select value={currency} onChange={(e) => setCurrency(e.target.value)} aria-label="Currency">
              <option>EUR</option>
              <option>GBP</option>
            </select>
          </span>
          <FieldError problem={submit.problem} field="lines.0.unitPrice" fields={fields} />
        </label>
        <label>
          Customer id
          <input name="customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)} required />
          <FieldError problem={submit.problem} field="customer.id" fields={fields} />
        </label>
        <label>
          Customer email (for the messages)
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          <FieldError problem={submit.problem} field="customer.email" fields={fields} />
        </label>
        <fieldset>
          <legend>How the customer gets it</legend>
          <label className="inline">
            <input type="radio" name="how" checked={how === 'ship'} onChange={() => setHow('ship')} /> Delivered to an
            address
          </label>
          {collectable.map((s) => (
            <label className="inline" key={s.locationId}>
              <input type="radio" name="how" checked={how === s.locationId} onChange={() => setHow(s.locationId)} />{' '}
              Collect at {s.name}
              {s.locationId === store ? ' (here)' : ` (${s.distanceKm} km)`}
            </label>
          ))}
        </fieldset>
        {how === 'ship' && (
          <div className="address">
            {(['line1', 'city', 'postalCode', 'country'] as const).map((k) => (
              <label key={k}>
                {{ line1: 'Address', city: 'City', postalCode: 'Postcode', country: 'Country (2 letters)' }[k]}
                <input
                  name={`address-${k}`}
                  value={address[k]}
                  onChange={(e) => setAddress({ ...address, [k]: e.target.value })}
                  required
                />
                <FieldError problem={submit.problem} field={`lines.0.delivery.address.${k}`} fields={fields} />
              </label>
            ))}
          </div>
        )}
        <label>
          Your staff id (credits the sale to you)
          <input name="staff" value={staffId} onChange={(e) => setStaffId(e.target.value)} />
          <FieldError problem={submit.problem} field="assistedBy.staffId" fields={fields} />
        </label>
        <ProblemNotice problem={submit.problem} fields={fields} />
        <button type="submit" disabled={submit.busy}>
          Place the order
        </button>
      </form>
    </section>
  );
}
