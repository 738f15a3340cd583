// What the HTTP server bounds and says on every answer, against a real inventory: slow clients are
// cut off within the configured timeouts, event streams are capped per principal identity (and not
// cut off), every answer carries the security headers, and /metrics is an admin's.
import {
  ADMIN,
  apiClient,
  eventually,
  startServices,
  storeBody,
  storeStaff,
  uniqueSuffix,
  WEB,
  type ApiClient,
  type RunningService,
} from '@omni/testing';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
// The live feed's own flag is the only sign its consumer has fetched (it starts at the topic's end, in the background).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { LiveFeed } from '../../apps/inventory/src/live/live-feed';
import { openStream, slowRequest, type ClosedConnection, type OpenStream } from './slow-clients';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
const MAX_STREAMS = 3;
// Node sweeps for expired requests every min(1 s, headers timeout / 4); the rest is a loaded shared box's scheduling.
const SWEEP_MS = 250;
const MARGIN_MS = 1500;
const SLOW_CLIENTS = 50;

describe('server limits, security headers and management endpoints', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE = `lim-${run}`;
  const SKU = `LIM-${run}`;
  let inventory: RunningService;
  let admin: ApiClient;

  beforeAll(async () => {
    [inventory] = await startServices(prefix, [
      {
        definition: inventoryService,
        env: {
          HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
          HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
          SSE_MAX_STREAMS_PER_PRINCIPAL: String(MAX_STREAMS),
        },
      },
    ]);
    admin = apiClient(inventory, ADMIN);
    const store = storeBody('Limits', { city: 'Paris', postalCode: '75001', lat: 48.8566, lng: 2.3522 }, [
      'sells_in_store',
      'bopis',
      'ship_from_store',
    ]);
    expect((await admin.put(`/v1/locations/${STORE}`, store)).status).toBe(201);
  });

  afterAll(async () => {
    await inventory?.stop();
  });

  const streamUrl = () => `${inventory.url}/v1/availability/stream?skus=${SKU}`;
  const slowHeaders = () => slowRequest(inventory.url, 'GET /health/live HTTP/1.1\r\nHost: x\r\n', 'X', 100, 20_000);
  const SLOW_BODY_HEAD =
    'POST /v1/stock/movements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{';
  const slowBody = () => slowRequest(inventory.url, SLOW_BODY_HEAD, ' ', 100, 20_000);

  function expectCutOffWithin(closed: ClosedConnection[], timeoutMs: number): void {
    const slowest = Math.max(...closed.map((c) => c.elapsedMs));
    const fastest = Math.min(...closed.map((c) => c.elapsedMs));
    process.stderr.write(
      `  ${closed.length} slow clients, timeout ${timeoutMs} ms: closed after ${fastest}..${slowest} ms\n`,
    );
    expect(slowest).toBeLessThanOrEqual(timeoutMs + SWEEP_MS + MARGIN_MS);
    // Not before the timeout: it is the timeout that closes them, not something else going wrong.
    expect(fastest).toBeGreaterThanOrEqual(timeoutMs - 50);
    for (const { answer } of closed) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
        status: 408,
        title: 'Request Timeout',
      });
    }
  }

  describe('slow clients', () => {
    it(`closes ${SLOW_CLIENTS} connections trickling their headers once the headers timeout passes, with a 408 problem`, async () => {
      expectCutOffWithin(await Promise.all(Array.from({ length: SLOW_CLIENTS }, slowHeaders)), HEADERS_TIMEOUT_MS);
    });

    it(`closes ${SLOW_CLIENTS} connections trickling their body once the request timeout passes, with a 408 problem`, async () => {
      expectCutOffWithin(await Promise.all(Array.from({ length: SLOW_CLIENTS }, slowBody)), REQUEST_TIMEOUT_MS);
    });

    it('keeps an event stream open past the request timeout: the request was received whole', async () => {
      const stream = await openStream(streamUrl(), apiClient(inventory, WEB).token);
      try {
        expect(stream.status).toBe(200);
        await eventually(async () => stream.received().includes('event: snapshot'), 10_000, 'the snapshot');
        // Opened after the stream: once the server has cut it off, the stream has outlived the same timeout.
        const cutOff = await slowBody();
        expect(cutOff.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
        expect(stream.ended()).toBe(false);
        // And it still carries news: once the live consumer (it joins in the background) has fetched, every change arrives.
        const feed = inventory.app.get(LiveFeed, { strict: false });
        await eventually(async () => feed.live, 30_000, 'the live feed');
        expect(
          (await admin.post('/v1/stock/movements', { sku: SKU, locationId: STORE, type: 'receipt', quantity: 1 }))
            .status,
        ).toBe(201);
        await eventually(
          async () => stream.received().includes('event: availability'),
          30_000,
          'an availability event on the stream',
        );
        expect(stream.ended()).toBe(false);
      } finally {
        await stream.close();
      }
    });
  });

  describe('event streams per principal', () => {
    it(`accepts ${MAX_STREAMS} streams of one principal, refuses the next with 429 problem+json, and frees a slot when one closes`, async () => {
      const web = apiClient(inventory, { ...WEB, sub: `cap-${run}` }).token;
      const open: OpenStream[] = [];
      try {
        // A request refused on its query holds no slot once answered (on a kept-alive connection too).
        for (let i = 0; i < MAX_STREAMS + 2; i += 1) {
          expect((await openStream(`${inventory.url}/v1/availability/stream?skus=%20`, web)).status).toBe(400);
        }
        for (let i = 0; i < MAX_STREAMS; i += 1) open.push(await openStream(streamUrl(), web));
        expect(open.map((s) => s.status)).toEqual(Array(MAX_STREAMS).fill(200));

        const refused = await openStream(streamUrl(), web);
        expect(refused.status).toBe(429);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(JSON.parse(refused.body)).toMatchObject({
          status: 429,
          type: 'urn:omni:problem:too-many-streams',
          limit: MAX_STREAMS,
        });

        // The same subject as another principal (another store sharing a login) has slots of its own.
        const sameSubject = await openStream(
          streamUrl(),
          apiClient(inventory, { ...storeStaff(STORE), sub: `cap-${run}` }).token,
        );
        open.push(sameSubject);
        expect(sameSubject.status).toBe(200);

        await open.shift()?.close();
        // The server frees the slot once it sees the connection close: until then the answer stays 429.
        const again = await eventually(
          async () => {
            const attempt = await openStream(streamUrl(), web);
            if (attempt.status === 200) return attempt;
            expect(attempt.status).toBe(429);
            return undefined;
          },
          10_000,
          'a slot freed by the closed stream',
        );
        open.push(again);
        expect((await openStream(streamUrl(), web)).status).toBe(429);
      } finally {
        await Promise.all(open.map((s) => s.close()));
      }
    });
  });

  describe('security headers', () => {
    const expectApiHeaders = (headers: Headers) => {
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
      expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(headers.get('x-powered-by')).toBeNull();
    };

    it('sends them on an authenticated answer', async () => {
      const res = await apiClient(inventory, WEB).get(`/v1/locations/${STORE}`);
      expect(res.status).toBe(200);
      expectApiHeaders(res.headers);
    });

    it('sends them on problem answers', async () => {
      const missing = await apiClient(inventory, WEB).get('/v1/locations/nowhere');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expectApiHeaders(missing.headers);
      const anonymous = await fetch(`${inventory.url}/v1/locations`);
      expect(anonymous.status).toBe(401);
      expectApiHeaders(anonymous.headers);
    });

    it('serves /docs publicly, unframeable, with a CSP that lets the Swagger UI load only its own scripts', async () => {
      const page = await fetch(`${inventory.url}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = page.headers.get('content-security-policy') ?? '';
      const directives = ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"];
      expect(csp.split(';')).toEqual(expect.arrayContaining(directives));
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(await page.text()).toContain('swagger-ui-bundle.js');
      const spec = await fetch(`${inventory.url}/docs-json`);
      expect(spec.status).toBe(200);
      expect(((await spec.json()) as { info: { title: string } }).info.title).toBe('Inventory');
    });
  });

  describe('management endpoints', () => {
    it('answers /metrics to an admin only: 401 without a token, 403 for a store', async () => {
      const anonymous = await fetch(`${inventory.url}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await apiClient(inventory, storeStaff(STORE)).get('/metrics')).status).toBe(403);
      const scrape = await fetch(`${inventory.url}/metrics`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain('omni_consumer_up');
    });

    it('keeps the health probes open: kubelets carry no token', async () => {
      expect((await fetch(`${inventory.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${inventory.url}/health/ready`)).status).toBe(200);
    });
  });
});
