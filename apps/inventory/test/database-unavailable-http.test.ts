// A real service (inventory, on real Postgres and Kafka) while Postgres terminates every one of its
// connections, again and again, under concurrent requests: no answer is a 500; what the service
// could not get past by retrying is a 503 with Retry-After; and it serves normally afterwards.
import {
  ADMIN,
  apiClient,
  startTestService,
  storeBody,
  testDatabaseUrl,
  uniqueSuffix,
  type ApiClient,
  type Reply,
  type RunningService,
} from '@omni/testing';
import { Client } from 'pg';
import { transactionRetries } from '@omni/platform';
import { inventoryService } from '../src/inventory.service-definition';

const LOCATION = 'st-chaos';
const SKU = 'sku-chaos';
const KILL_ROUNDS = 12;
const CLIENTS = 6;

const store = storeBody('chaos store', { city: 'Paris', postalCode: '75001', lat: 48.8566, lng: 2.3522 }, [
  'sells_in_store',
]);

type Kind = 'receipt' | 'keyed receipt' | 'adjustment' | 'levels read';
interface Answer {
  kind: Kind;
  reply: Reply;
}

const totalRetries = async () => (await transactionRetries.get()).values.reduce((n, v) => n + v.value, 0);

describe('a service whose Postgres connections are cut while it serves (HTTP)', () => {
  let svc: RunningService;
  let admin: ApiClient;
  let killer: Client;

  // The pool names its connections after the service's schema (DatabaseModule's poolOptions). pg_terminate_backend
  // is called only in FILTER: beside the filter in WHERE, the planner may call it first, on every session.
  const ours = () => `datname = current_database() AND application_name = '${svc.schema}'`;
  const terminateService = async () =>
    (
      await killer.query(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000))::int AS n FROM pg_stat_activity WHERE ${ours()}`,
      )
    ).rows[0].n as number;
  const serviceBackends = async () =>
    (await killer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${ours()}`)).rows[0].n as number;

  async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  const request = (kind: Kind, n: number): Promise<Reply> => {
    switch (kind) {
      case 'receipt':
        return admin.post('/v1/stock/movements', {
          sku: SKU,
          locationId: LOCATION,
          type: 'receipt',
          quantity: 1,
          reference: `r-${n}`,
        });
      case 'keyed receipt':
        return admin.post(
          '/v1/stock/movements',
          { sku: SKU, locationId: LOCATION, type: 'receipt', quantity: 1, reference: `k-${n}` },
          { 'Idempotency-Key': `chaos-${n}` },
        );
      case 'adjustment':
        return admin.post('/v1/stock/movements', {
          sku: SKU,
          locationId: LOCATION,
          type: 'adjustment',
          quantity: 1,
          reason: 'found one',
        });
      case 'levels read':
        return admin.get(`/v1/stock/${SKU}/levels`);
    }
  };
  const KINDS: Kind[] = ['receipt', 'keyed receipt', 'adjustment', 'levels read'];

  beforeAll(async () => {
    svc = await startTestService(inventoryService, { topicPrefix: `t${uniqueSuffix()}.` });
    admin = apiClient(svc, ADMIN);
    const put = await admin.put(`/v1/locations/${LOCATION}`, store);
    if (put.status >= 300) throw new Error(`seeding the location: ${put.status} ${JSON.stringify(put.body)}`);
    killer = new Client({ connectionString: testDatabaseUrl(), application_name: 'platform-http-chaos' });
    await killer.connect();
  });

  afterAll(async () => {
    await killer?.end();
    await svc?.stop();
  });

  it('answers every request 2xx, or 503 problem+json with Retry-After: 1, never 500, and recovers', async () => {
    const retriesBefore = await totalRetries();
    const answers: Answer[] = [];
    let sent = 0;
    let cutting = true;
    const client = async () => {
      while (cutting) {
        const n = sent++;
        const kind = KINDS[n % KINDS.length];
        answers.push({ kind, reply: await request(kind, n) });
      }
    };
    const cut = async () => {
      let killed = 0;
      try {
        for (let round = 0; round < KILL_ROUNDS; round++) {
          // Cut again once the service has reconnected and served a few requests since the last cut.
          const served = answers.length;
          await until(
            'the service to reconnect and serve',
            async () => answers.length >= served + CLIENTS && (await serviceBackends()) > 0,
          );
          killed += await terminateService();
        }
      } finally {
        cutting = false;
      }
      return killed;
    };

    const [killed] = await Promise.all([cut(), ...Array.from({ length: CLIENTS }, client)]);

    const statuses = answers.map((a) => a.reply.status);
    const unexpected = answers.filter((a) => !(a.reply.status < 300 || a.reply.status === 503));
    expect(unexpected.map((a) => `${a.kind}: ${a.reply.status} ${JSON.stringify(a.reply.body)}`)).toEqual([]);
    const unavailable = answers.filter((a) => a.reply.status === 503);
    for (const { reply } of unavailable) {
      expect(reply.headers.get('retry-after')).toBe('1');
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({
        status: 503,
        type: 'urn:omni:problem:retryable',
        detail: expect.stringMatching(/database/),
      });
    }
    // The cuts did hit requests in flight: each was either run again inside the service or answered 503.
    expect(killed).toBeGreaterThanOrEqual(KILL_ROUNDS);
    expect((await totalRetries()) - retriesBefore + unavailable.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s < 300).length).toBeGreaterThan(answers.length / 2);

    // Afterwards the pool serves as if nothing happened.
    for (const [i, kind] of KINDS.entries()) expect((await request(kind, 1_000_000 + i)).status).toBeLessThan(300);

    // Whatever was answered 201 was recorded once, and the level is the sum of its ledger (nothing applied twice).
    const created = answers.filter((a) => a.kind !== 'levels read' && a.reply.status === 201).length;
    const [{ movements, total }] = await svc.sql<{ movements: number; total: number }>(
      `SELECT count(*)::int AS movements, coalesce(sum(on_hand_delta), 0)::int AS total FROM stock_movements WHERE sku = $1`,
      [SKU],
    );
    const [{ on_hand }] = await svc.sql<{ on_hand: number }>(
      `SELECT on_hand FROM stock_levels WHERE sku = $1 AND location_id = $2`,
      [SKU, LOCATION],
    );
    expect(movements - 3).toBeGreaterThanOrEqual(created);
    expect(movements - 3).toBeLessThanOrEqual(created + unavailable.length);
    expect(on_hand).toBe(total);
  });
});
