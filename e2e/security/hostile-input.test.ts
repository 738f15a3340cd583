// Hostile input against the five real services: every write route (from each service's OpenAPI, so a
// new route is fuzzed too) and every path and query parameter of every GET route. Each case is a
// valid request with one thing made hostile, so the only right answer is a 4xx problem+json, and the
// row counts of every table of every schema must be what they were. Property-based (fast-check):
// a failure prints the seed and the shrunk case.
import fc from 'fast-check';
import { ADMIN, apiClient, startServices, uniqueSuffix, type RunningService } from '@omni/testing';
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';
import { returnsService } from '../../apps/returns/src/returns.service-definition';
import { webhooksService } from '../../apps/webhooks/src/webhooks.service-definition';
import { leafCase, rawJson, variantCases, type HostileCase } from './hostile-cases';
import { pathParamCase, queryCase, targetFor } from './hostile-targets';
import { RawHttp, type RawReply } from './raw-http';
import { REPORTED_CASES } from './reported-cases';
import { FUZZ_SKU, FUZZ_STORE, WRITE_BODIES, type QueryKind } from './route-table';
import { changedTables, quietCounts, type RowCounts } from './row-counts';

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
// Per route; with the sweep of hostile variants this makes well over 2,000 cases a run.
const LEAF_RUNS = 40;
const PATH_RUNS = 15;
const QUERY_RUNS = 30;

interface Route {
  key: string;
  method: string;
  template: string;
  service: RunningService;
  client: RawHttp;
  /** Query parameters the OpenAPI document declares (DTO fields with @ApiProperty). */
  query: Record<string, QueryKind>;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
}

describe('hostile input: every route answers 4xx problem+json and writes nothing', () => {
  const prefix = `t${uniqueSuffix()}.`;
  let services: RunningService[];
  let routes: Route[];
  let baseline: RowCounts;
  const clients: RawHttp[] = [];
  const statuses = new Map<number, number>();
  const wrong: string[] = [];
  let sent = 0;
  const byKind = new Map<string, number>();

  beforeAll(async () => {
    // Every refusal is a warn line in a service's log: thousands of them would bury a failure.
    const quiet = { LOG_LEVEL: 'error' };
    services = await startServices(
      prefix,
      [inventoryService, ordersService, fulfilmentService, returnsService, webhooksService].map((definition) => ({
        definition,
        env: quiet,
      })),
    );
    const [inventory] = services;
    const admin = apiClient(inventory, ADMIN);
    const store = WRITE_BODIES['PUT /v1/locations/{id}'];
    expect((await admin.put(`/v1/locations/${FUZZ_STORE}`, store)).status).toBeLessThan(300);
    expect(
      (await admin.post('/v1/stock/movements', { sku: FUZZ_SKU, locationId: FUZZ_STORE, type: 'receipt', quantity: 5 }))
        .status,
    ).toBe(201);
    routes = [];
    for (const service of services) {
      const client = new RawHttp(service.url, service.token(ADMIN));
      clients.push(client);
      const docs = await client.send('GET', '/docs-json');
      expect(docs.status).toBe(200);
      for (const [template, operations] of Object.entries((JSON.parse(docs.body) as OpenApi).paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const query = Object.fromEntries(
            (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, 'enum' as QueryKind]),
          );
          routes.push({
            key: `${method.toUpperCase()} ${template}`,
            method: method.toUpperCase(),
            template,
            service,
            client,
            query,
          });
        }
      }
    }
    // The seed's events have reached every service, and nothing else is moving.
    baseline = await quietCounts(services);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all((services ?? []).map((s) => s.stop()));
    const byStatus = Object.fromEntries([...statuses.entries()].sort(([a], [b]) => a - b));
    const kinds = Object.fromEntries(byKind);
    process.stdout.write(
      `${JSON.stringify({ fuzz: 'hostile-input', requests: sent, byStatus, byKind: kinds, wrong: wrong.length })}\n`,
    );
  });

  const writes = () => routes.filter((r) => WRITE_METHODS.has(r.method.toLowerCase()));
  const reads = () => routes.filter((r) => r.method === 'GET');

  /** Sends one case (a write with an Idempotency-Key: the body hash must survive it too), counting its status. */
  async function send(route: Route, c: HostileCase): Promise<RawReply> {
    sent += 1;
    const headers: Record<string, string> =
      route.method === 'GET' ? {} : { 'idempotency-key': `fz-${sent}-${uniqueSuffix()}` };
    const reply = await route.client.send(route.method, c.target, c.body, headers);
    const kind = `${route.method === 'GET' ? 'get' : 'write'} ${c.what.startsWith('?') ? 'query' : c.what.startsWith('{') ? 'path' : 'body'}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    return reply;
  }

  /** True when the case got a 4xx problem+json (what is wrong is kept for the failure message). */
  async function refused(route: Route, c: HostileCase): Promise<boolean> {
    const reply = await send(route, c);
    const ok = reply.status >= 400 && reply.status < 500 && reply.contentType.startsWith('application/problem+json');
    if (!ok) wrong.push(`${c.route} ${c.what}: ${reply.status} ${reply.contentType} ${reply.body.slice(0, 300)}`);
    return ok;
  }

  async function sweep(route: Route, cases: readonly HostileCase[]): Promise<void> {
    const lanes = 4;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < cases.length; i += lanes) await refused(route, cases[i]);
      }),
    );
  }

  it('has a valid body for every write route the services serve, and none for a route they do not', () => {
    const served = writes().map((r) => r.key);
    expect(served.filter((key) => !(key in WRITE_BODIES))).toEqual([]);
    expect(Object.keys(WRITE_BODIES).filter((key) => !served.includes(key))).toEqual([]);
  });

  it('refuses every hostile variant, hostile leaf and bad path parameter on every write route', async () => {
    for (const route of writes()) {
      const valid = WRITE_BODIES[route.key];
      if (valid === undefined) continue;
      const target = targetFor(route.template);
      await sweep(route, variantCases(route.key, target, valid));
      await fc.assert(
        fc.asyncProperty(leafCase(route.key, target, valid), (c) => refused(route, c)),
        { numRuns: LEAF_RUNS },
      );
      const badPath = pathParamCase(route.key, route.template, valid);
      if (badPath)
        await fc.assert(
          fc.asyncProperty(badPath, (c) => refused(route, c)),
          { numRuns: PATH_RUNS },
        );
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it('refuses bad path parameters, hostile queries and forged cursors on every GET route', async () => {
    for (const route of reads()) {
      const badPath = pathParamCase(route.key, route.template);
      if (badPath)
        await fc.assert(
          fc.asyncProperty(badPath, (c) => refused(route, c)),
          { numRuns: PATH_RUNS },
        );
      await fc.assert(
        fc.asyncProperty(queryCase(route.key, route.template, route.query), (c) => refused(route, c)),
        { numRuns: QUERY_RUNS },
      );
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it('answers each case issue 13 reported with the status pinned for it, as problem+json', async () => {
    const answers = [];
    for (const c of REPORTED_CASES) {
      const route = routes.find((r) => r.key === c.route);
      const reply = route ? await send(route, c) : undefined;
      const problem = reply?.contentType.startsWith('application/problem+json');
      answers.push({ case: c.what, route: c.route, expected: c.expected, status: reply?.status, problem });
    }
    process.stdout.write(`${answers.map((a) => `${a.status} ${a.route} ${a.case}`).join('\n')}\n`);
    expect(answers.filter((a) => a.status !== a.expected || !a.problem)).toEqual([]);
  });

  it('sent at least 2,000 cases and wrote no row in any schema', async () => {
    expect(sent).toBeGreaterThanOrEqual(2_000);
    expect(changedTables(baseline, await quietCounts(services))).toEqual([]);
  });

  // Last, as it writes: proof that each case above was one step from a request the route takes.
  it('takes the valid body of each write route past validation', async () => {
    const refusedValid: string[] = [];
    for (const route of writes()) {
      const valid = WRITE_BODIES[route.key];
      const reply = await route.client.send(
        route.method,
        targetFor(route.template),
        valid ? rawJson(valid) : undefined,
      );
      if (reply.status === 400 || reply.status >= 500)
        refusedValid.push(`${route.key}: ${reply.status} ${reply.body.slice(0, 300)}`);
    }
    expect(refusedValid).toEqual([]);
  });
});
