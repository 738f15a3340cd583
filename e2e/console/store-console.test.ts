// The store console in a real browser (Debian's chromium through playwright-core) against the real
// services: a click-and-collect order placed through the API shows up in the store's queue without a
// reload and is picked, packed, readied and handed over with the customer's code; a wrong code is
// refused on screen; a web order a DC shipped to the customer's home is found at the returns desk of a
// store it never touched, returned there over the counter, inspected, and the stock view shows the unit
// on this store's shelf; another store's staff never see the task. Screenshots of each step: test-artifacts/console/.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ReadyForPickup, type ReadyForPickupV1 } from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  EventReader,
  startServices,
  storeBody,
  storeStaff,
  uniqueSuffix,
  WEB,
  type RunningService,
} from '@omni/testing';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createConsoleServer } from '../../apps/console/src/console-server';
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';
import { returnsService } from '../../apps/returns/src/returns.service-definition';
import { launchChromium, Screenshots, waitForText } from './browser';

const ROOT = path.resolve(__dirname, '../..');

/** The built app (cached while its sources are unchanged), built in a process of its own: Vite is an ES module Jest cannot import. */
function buildConsole(): string {
  execFileSync(process.execPath, [path.join(ROOT, 'tools/console-build.js')], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 180_000,
  });
  return path.join(ROOT, 'apps/console/dist');
}
const JOURNEY_MS = 300_000;

describe('store console in a browser', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE_A = `con-a-${run}`;
  const STORE_B = `con-b-${run}`;
  const DC = `con-dc-${run}`;
  const SKU = `SCARF-${run}`;
  /** Stocked at the DC only; the gift card is not returnable by policy. */
  const BOOTS = `BOOTS-${run}`;
  const GIFT = `GIFTCARD-${run}`;
  const CUSTOMER = `cust-${run}`;
  let services: RunningService[];
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;
  let returns: RunningService;
  let reader: EventReader;
  let server: FastifyInstance;
  let consoleUrl: string;
  let browser: Browser;
  const shots = new Screenshots(path.join(ROOT, 'test-artifacts/console'));
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const staticDir = buildConsole();
    services = await startServices(prefix, [inventoryService, ordersService, fulfilmentService, returnsService]);
    [inventory, orders, fulfilment, returns] = services;
    reader = await EventReader.open(prefix, ['fulfilment']);
    browser = await launchChromium();
    server = await createConsoleServer({
      staticDir,
      services: { inventory: inventory.url, orders: orders.url, fulfilment: fulfilment.url, returns: returns.url },
      nodeEnv: 'development',
      jwtSecret: inventory.config.JWT_SECRET,
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    consoleUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

    const admin = apiClient(inventory, ADMIN);
    expect(
      (
        await admin.put(
          `/v1/locations/${STORE_A}`,
          storeBody(`Rivoli ${run}`, { city: 'Paris', postalCode: '75001', lat: 48.8606, lng: 2.3376 }),
        )
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await admin.put(
          `/v1/locations/${STORE_B}`,
          storeBody(`Passy ${run}`, { city: 'Paris', postalCode: '75016', lat: 48.8576, lng: 2.2797 }),
        )
      ).status,
    ).toBeLessThan(300);
    const dc = storeBody(`DC ${run}`, { city: 'Gennevilliers', postalCode: '92230', lat: 48.93, lng: 2.3 }, []);
    expect((await admin.put(`/v1/locations/${DC}`, { ...dc, type: 'dc' })).status).toBeLessThan(300);
    for (const [sku, locationId] of [
      [SKU, STORE_A],
      [BOOTS, DC],
      [GIFT, DC],
    ]) {
      const receipt = { sku, locationId, type: 'receipt', quantity: 5, reason: 'delivery' };
      expect((await admin.post('/v1/stock/movements', receipt)).status).toBe(201);
    }
    expect((await apiClient(returns, ADMIN).put(`/v1/return-policy/skus/${GIFT}`, { returnable: false })).status).toBe(
      200,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await reader?.close();
    await Promise.all((services ?? []).map((s) => s.stop()));
    process.stdout.write(`console browser timings (ms): ${JSON.stringify(timings)}\nscreenshots: ${shots.dir}\n`);
  });

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1180, height: 820 } });
    const page = await context.newPage();
    return { context, page };
  };

  const signIn = async (page: Page, storeId: string) => {
    await page.goto(consoleUrl);
    await page.locator(`select[name=store] option[value="${storeId}"]`).waitFor({ state: 'attached' });
    await page.selectOption('select[name=store]', storeId);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForText(page, '.who', storeId);
    await waitForText(page, '.who', 'Store associate');
    await waitForText(page, '.live', 'Live');
  };

  const placePickup = async (store: string, qty: number, ref: string): Promise<{ id: string; lineId: string }> => {
    const body = {
      channel: 'web',
      customer: { id: CUSTOMER, email: 'shopper@example.com' },
      lines: [{ sku: SKU, qty, unitPrice: 8900, currency: 'EUR', delivery: { type: 'pickup', locationId: store } }],
    };
    const placed = await eventually(
      async () => {
        const res = await apiClient(orders, WEB).post('/v1/orders', body, { 'idempotency-key': `${ref}-${run}` });
        return res.status === 201 ? res : undefined;
      },
      60_000,
      'orders to take the order once it knows the store and the SKU',
    );
    return { id: placed.body.id, lineId: placed.body.lines[0].id };
  };

  /**
   * A web order of boots and a gift card shipped to the customer's home: the DC (the only stock) picks,
   * packs and ships it through the API, and the carrier delivers it. Store A never touches it.
   */
  const shipFromDc = async (): Promise<{ id: string; bootsLineId: string }> => {
    const home = { line1: '3 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' };
    const line = (sku: string, unitPrice: number) => ({
      sku,
      qty: 1,
      unitPrice,
      currency: 'EUR',
      delivery: { type: 'ship', address: home },
    });
    const body = { channel: 'web', customer: { id: CUSTOMER }, lines: [line(BOOTS, 12900), line(GIFT, 5000)] };
    const placed = await eventually(
      async () => {
        const res = await apiClient(orders, WEB).post('/v1/orders', body, { 'idempotency-key': `shipped-${run}` });
        return res.status === 201 ? res.body : undefined;
      },
      60_000,
      'orders to take the web order once it knows the SKUs',
    );
    const staffDc = apiClient(fulfilment, storeStaff(DC));
    const task = await eventually(
      async () => {
        const list = await staffDc.get(`/v1/locations/${DC}/tasks?status=to_pick`);
        return list.body.items.find((t: { orderId: string }) => t.orderId === placed.id);
      },
      60_000,
      'the pick task at the DC',
    );
    expect(task.lines).toHaveLength(2);
    const picked = task.lines.map((l: { orderLineId: string; qty: number }) => ({
      orderLineId: l.orderLineId,
      pickedQty: l.qty,
    }));
    expect((await staffDc.post(`/v1/tasks/${task.id}/pick`, { lines: picked })).status).toBe(200);
    expect((await staffDc.post(`/v1/tasks/${task.id}/pack`)).status).toBe(200);
    const shipment = { carrier: 'DPD', trackingNumber: `DPD-${run}` };
    expect((await staffDc.post(`/v1/tasks/${task.id}/ship`, shipment)).status).toBe(200);
    expect((await staffDc.post(`/v1/tasks/${task.id}/deliver`, {})).status).toBe(200);
    await eventually(
      async () =>
        (
          await returns.sql('SELECT 1 FROM line_fulfilments WHERE order_id = $1 AND delivered_at IS NOT NULL', [
            placed.id,
          ])
        ).length === 2,
      30_000,
      'returns to learn of the delivery',
    );
    const boots = placed.lines.find((l: { sku: string }) => l.sku === BOOTS);
    return { id: placed.id, bootsLineId: boots.id };
  };

  it(
    'runs a click-and-collect order from the live queue to the counter, then a walk-in return of a web order shipped from a DC, restocked here',
    async () => {
      const { context, page } = await newPage();
      await signIn(page, STORE_A);
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      await shots.take(page, 'queue-signed-in');

      // The order arrives while the queue is on screen: it appears within about a second of fulfilment creating the task.
      const order = await placePickup(STORE_A, 2, 'order-1');
      const staffA = apiClient(fulfilment, storeStaff(STORE_A));
      const card = page.locator(`button.task[data-order-id="${order.id}"]`);
      const [apiSeen, screenSeen] = await Promise.all([
        eventually(
          async () => {
            const list = await staffA.get(`/v1/locations/${STORE_A}/tasks?status=to_pick`);
            return list.body.items.some((t: { orderId: string }) => t.orderId === order.id) ? Date.now() : undefined;
          },
          60_000,
          'the pick task',
        ),
        card.waitFor({ timeout: 60_000 }).then(() => Date.now()),
      ]);
      timings.taskOnScreenAfterApi = Math.max(0, screenSeen - apiSeen);
      expect(timings.taskOnScreenAfterApi).toBeLessThan(2500);
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      await waitForText(page, `button.task[data-order-id="${order.id}"]`, 'New');
      await shots.take(page, 'queue-new-pick-task');

      // Pick with per-line quantities (Enter submits), then pack and ready from the keyboard alone.
      await card.click();
      const panel = page.locator('section.task-work');
      // One found of two: before anything is sent, the screen says what a short pick leads to.
      await page.locator(`input[aria-label="${SKU} found"]`).fill('1');
      await waitForText(page, 'section.task-work', 'Short pick: here is what happens next');
      await waitForText(page, 'section.task-work', '1 of 2 found. The whole line leaves this task');
      await shots.take(page, 'pick-short-warning');
      await page.locator(`input[aria-label="${SKU} found"]`).fill('2');
      await shots.take(page, 'pick-quantities');
      expect(await page.locator('section.task-work .notice.warn').count()).toBe(0);
      await page.locator(`input[aria-label="${SKU} found"]`).press('Enter');
      await panel.and(page.locator('[data-status="to_pack"]')).waitFor();
      await page.keyboard.press('Enter');
      await panel.and(page.locator('[data-status="packed"]')).waitFor();
      await page.keyboard.press('Enter');
      await panel.and(page.locator('[data-status="ready_for_pickup"]')).waitFor();
      await waitForText(page, 'section.task-work', 'Ready for collection. The customer gets a code');
      await shots.take(page, 'ready-for-collection');

      // The customer's code travels only in fulfilment.ready-for-pickup (to the channel's webhook).
      await reader.waitFor(
        (r) => r.events<ReadyForPickupV1>(ReadyForPickup.type).some((e) => e.data.orderId === order.id),
        30_000,
        'ready-for-pickup',
      );
      const code = reader.events<ReadyForPickupV1>(ReadyForPickup.type).find((e) => e.data.orderId === order.id)?.data
        .pickupCode as string;
      const wrong = code === '123456' ? '654321' : '123456';

      // At the counter: the pickup is found by its order number, the code field has the focus.
      await page.keyboard.press('Enter');
      await page.locator('section[aria-label="Hand over"] input[name=code]').waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'code');
      await page.keyboard.type(wrong);
      await page.keyboard.press('Enter');
      await waitForText(
        page,
        '[data-problem="urn:omni:problem:wrong-pickup-code"]',
        /attempts? left before the pickup locks/,
      );
      expect(await page.inputValue('input[name=code]')).toBe(wrong);
      await shots.take(page, 'counter-wrong-code');
      // Four more wrong codes lock the pickup; the screen says to send a new code, which one button does.
      for (let attempt = 2; attempt <= 5; attempt += 1) {
        await page.keyboard.type(wrong);
        await page.keyboard.press('Enter');
        await waitForText(page, '[data-problem]', attempt < 5 ? `${5 - attempt} attempt` : 'this pickup is locked');
      }
      await waitForText(page, '[data-problem="urn:omni:problem:pickup-locked"]', 'Press "Send a new code"');
      expect(await page.isDisabled('input[name=code]')).toBe(true);
      await shots.take(page, 'counter-locked');
      await page.getByRole('button', { name: 'Send a new code' }).click();
      await waitForText(page, '[role=status]', 'A new code was sent to the customer');
      await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'code');
      // The new code reaches the customer as ready-for-pickup does: a second event for the order.
      const codes = () =>
        reader.events<ReadyForPickupV1>(ReadyForPickup.type).filter((e) => e.data.orderId === order.id);
      await reader.waitFor(() => codes().length === 2, 30_000, 'the reissued code');
      const newCode = codes()[1].data.pickupCode as string;
      expect(newCode).not.toBe(code);
      await page.keyboard.type(newCode);
      await page.keyboard.press('Enter');
      await waitForText(page, '[role=status]', 'Handed over');
      await shots.take(page, 'counter-handed-over');

      // Returns desk: the same customer brings back boots bought online, which a DC shipped to their home.
      const shipped = await shipFromDc();
      await page.keyboard.press('Alt+3');
      // Their history, across channels: the pickup collected here and the web order delivered from the DC.
      await page.locator('input[name=return-search]').fill(CUSTOMER);
      await page.locator('input[name=return-search]').press('Enter');
      await page.locator(`ul.results button[data-order-id="${shipped.id}"]`).waitFor();
      await page.locator(`ul.results button[data-order-id="${order.id}"]`).waitFor();
      await shots.take(page, 'returns-customer-history');
      // The order number on the customer's receipt (its first 8 characters) finds it, and its items show.
      await page.locator('input[name=return-search]').fill(shipped.id.slice(0, 8).toUpperCase());
      await page.locator('input[name=return-search]').press('Enter');
      const walkIn = page.locator(`section[aria-label="Walk-in return"][data-order-id="${shipped.id}"]`);
      await walkIn.waitFor();
      await waitForText(page, `tr[data-line-id="${shipped.bootsLineId}"]`, 'Returnable until');
      // The gift card is greyed out with the reason, and cannot be taken.
      const gift = walkIn.locator('tr.not-returnable');
      expect(await gift.count()).toBe(1);
      expect(await gift.textContent()).toContain(GIFT);
      expect(await gift.textContent()).toContain('the returns policy excludes this item');
      expect(await page.locator(`input[aria-label="${GIFT} bringing back"]`).count()).toBe(0);
      await page.locator(`input[aria-label="${BOOTS} bringing back"]`).fill('1');
      await shots.take(page, 'returns-walk-in');
      await page.getByRole('button', { name: 'Take the return' }).click();
      await page.locator('section[aria-label=Inspection] select').waitFor();
      expect(await page.inputValue('section[aria-label=Inspection] select')).toBe('restock');
      await page.getByRole('button', { name: 'Record inspection' }).click();
      await waitForText(page, '.refund', 'Refund decided: €129.00');
      await shots.take(page, 'returns-inspected-refund');

      // Stock: the boots are on this store's shelf now, where they physically are (SSE through the console server).
      await page.keyboard.press('Alt+4');
      await page.locator('input[name=sku]').fill(BOOTS);
      await page.locator('input[name=sku]').press('Enter');
      await waitForText(page, '[data-figure=onHand]', '1', 30_000);
      expect(await page.textContent('[data-figure=sellable]')).toBe('1');
      expect(await page.textContent('[data-figure=reserved]')).toBe('0');
      await shots.take(page, 'stock-restocked');
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      await context.close();
    },
    JOURNEY_MS,
  );

  it(
    "never shows a store another store's tasks",
    async () => {
      const order = await placePickup(STORE_A, 1, 'order-2');
      const staffA = apiClient(fulfilment, storeStaff(STORE_A));
      const task = await eventually(
        async () => {
          const list = await staffA.get(`/v1/locations/${STORE_A}/tasks?status=to_pick`);
          return list.body.items.find((t: { orderId: string }) => t.orderId === order.id) as { id: string } | undefined;
        },
        60_000,
        "store A's pick task",
      );

      const { context, page } = await newPage();
      await signIn(page, STORE_B);
      // Several polls later, store B's queue still has nothing; asking for A's order by number finds nothing either.
      await page.waitForTimeout(3000);
      expect(await page.locator('button.task').count()).toBe(0);
      await waitForText(page, '.live', '0 open tasks');
      await page.locator('input[name=find-order]').fill(order.id);
      await page.locator('input[name=find-order]').press('Enter');
      await waitForText(page, '.queue', 'No open task for order');
      await shots.take(page, 'other-store-sees-nothing');

      // Through the console server with B's own token, A's list is refused and A's task is not there.
      const token = await page.evaluate(
        () => JSON.parse(sessionStorage.getItem('omni.console.session') ?? '{}').token as string,
      );
      const asB = (p: string) =>
        fetch(`${consoleUrl}/api/fulfilment${p}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await asB(`/v1/locations/${STORE_A}/tasks`)).status).toBe(403);
      expect((await asB(`/v1/tasks/${task.id}`)).status).toBe(404);
      await context.close();
    },
    JOURNEY_MS,
  );

  it(
    "orders for a customer from another store's stock (endless aisle), which that store ships with carrier and tracking",
    async () => {
      // Store B has none: its associate sees store A's stock nearby and orders it delivered to the customer.
      const b = await newPage();
      await signIn(b.page, STORE_B);
      await b.page.keyboard.press('Alt+4');
      await b.page.locator('input[name=sku]').fill(SKU);
      await b.page.keyboard.press('Enter');
      await waitForText(b.page, 'table.nearby', `Rivoli ${run}`);
      expect(await b.page.textContent('[data-figure=sellable]')).toBe('0');
      await b.page.locator('input[name=price]').fill('89.00');
      await b.page.locator('input[name=customer]').fill('walk in');
      await b.page.locator('input[name=email]').fill('shopper@example.com');
      await b.page.locator('input[name=address-line1]').fill('3 rue de la Paix');
      await b.page.locator('input[name=address-city]').fill('Paris');
      await b.page.locator('input[name=address-postalCode]').fill('75002');
      await b.page.locator('input[name=staff]').fill('staff-17');
      // A customer id the API refuses: the message sits beside that field, and everything typed stays.
      await b.page.getByRole('button', { name: 'Place the order' }).click();
      await waitForText(b.page, '[data-problem="urn:omni:problem:invalid-request"]', 'Some details need correcting.');
      await waitForText(b.page, 'label:has(input[name=customer]) .field-error', /./);
      expect(await b.page.inputValue('input[name=price]')).toBe('89.00');
      expect(await b.page.inputValue('input[name=address-line1]')).toBe('3 rue de la Paix');
      await shots.take(b.page, 'endless-aisle-field-error');
      await b.page.locator('input[name=customer]').fill(CUSTOMER);
      await shots.take(b.page, 'endless-aisle-order');
      await b.page.getByRole('button', { name: 'Place the order' }).click();
      const placed = b.page.locator('section[aria-label="Order for the customer"][data-order-id]');
      await placed.waitFor();
      const orderId = (await placed.getAttribute('data-order-id')) as string;
      const order = (await apiClient(orders, ADMIN).get(`/v1/orders/${orderId}`)).body;
      expect(order).toMatchObject({
        channel: 'pos',
        customer: { id: CUSTOMER },
        assistedBy: { staffId: 'staff-17', locationId: STORE_B },
      });
      expect(order.lines[0]).toMatchObject({ sku: SKU, qty: 1, unitPrice: 8900, delivery: { type: 'ship' } });
      await b.context.close();

      // The network sources it at store A, the only one with stock: A ships it from the store.
      const a = await newPage();
      await signIn(a.page, STORE_A);
      const card = a.page.locator(`button.task[data-order-id="${orderId}"]`);
      await card.waitFor({ timeout: 60_000 });
      await waitForText(a.page, `button.task[data-order-id="${orderId}"]`, 'Ship from store');
      await card.click();
      await a.page.locator(`input[aria-label="${SKU} found"]`).fill('1');
      await a.page.locator(`input[aria-label="${SKU} found"]`).press('Enter');
      await a.page.locator('section.task-work[data-status="to_pack"]').waitFor();
      await a.page.keyboard.press('Enter');
      await a.page.locator('section.task-work[data-status="packed"] input[name=carrier]').waitFor();
      await a.page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'carrier');
      await a.page.keyboard.type('DPD');
      await a.page.locator('input[name=tracking]').fill('DPD-0042-FR');
      await shots.take(a.page, 'ship-carrier-tracking');
      await a.page.locator('input[name=tracking]').press('Enter');
      await waitForText(a.page, 'section.task-work', 'Shipped with DPD, tracking DPD-0042-FR.');
      const taskId = (await a.page.locator('section.task-work').getAttribute('data-task-id')) as string;
      expect((await apiClient(fulfilment, storeStaff(STORE_A)).get(`/v1/tasks/${taskId}`)).body).toMatchObject({
        status: 'shipped',
        carrier: 'DPD',
        trackingNumber: 'DPD-0042-FR',
      });
      await shots.take(a.page, 'shipped');
      await a.context.close();
    },
    JOURNEY_MS,
  );
});
