// The BOPIS example run as a web shop would run it (`npm run -s example -- bopis`, a process of its own with its own
// webhook receiver), against inventory, orders, fulfilment and webhooks on one event log; the store's staff, played
// here, pick, pack and mark the order ready from their pick list, then hand it over with the code the example printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  ADMIN,
  apiClient,
  eventually,
  startServices,
  storeBody,
  storeStaff,
  uniqueSuffix,
  WEB,
  type RunningService,
} from '@omni/testing';
import { fulfilmentService } from '../../apps/fulfilment/src/fulfilment.service-definition';
import { inventoryService } from '../../apps/inventory/src/inventory.service-definition';
import { ordersService } from '../../apps/orders/src/orders.service-definition';
import { webhooksService } from '../../apps/webhooks/src/webhooks.service-definition';

const root = path.resolve(__dirname, '../..');

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** The example as a process, configured by its environment as its README says; resolves once it exits. */
function runExample(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'tools/run-example.js'), 'bopis'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    const run: Run = { exitCode: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...run, exitCode: code }));
  });
}

describe('examples/bopis: a web shop takes a click-and-collect order and gets its pickup code by webhook', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const run = uniqueSuffix();
  const STORE = `bopis-s-${run}`;
  const SKU = `BOPIS-${run}`;
  let inventory: RunningService;
  let orders: RunningService;
  let fulfilment: RunningService;
  let webhooks: RunningService;

  beforeAll(async () => {
    [inventory, orders, fulfilment, webhooks] = await startServices(prefix, [
      inventoryService,
      ordersService,
      fulfilmentService,
      webhooksService,
    ]);
    const admin = apiClient(inventory, ADMIN);
    expect(
      (
        await admin.put(
          `/v1/locations/${STORE}`,
          storeBody('BOPIS example', { city: 'Paris', postalCode: '75002', lat: 48.87, lng: 2.34 }),
        )
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await admin.post('/v1/stock/movements', {
          sku: SKU,
          locationId: STORE,
          type: 'receipt',
          quantity: 3,
          reason: 'delivery',
        })
      ).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await Promise.all([inventory, orders, fulfilment, webhooks].map((s) => s?.stop()));
  });

  it('prints the code the signed webhook brought, and the counter hands the order over with it', async () => {
    const example = runExample({
      OMNI_INVENTORY_URL: inventory.url,
      OMNI_ORDERS_URL: orders.url,
      OMNI_WEBHOOKS_URL: webhooks.url,
      OMNI_TOKEN: inventory.token(WEB),
      STORE,
      SKU,
      WAIT_SECONDS: '90',
    });

    // The store's staff: the order appears on their pick list; they pick, pack and put it on the pickup shelf.
    const staff = apiClient(fulfilment, storeStaff(STORE));
    const task = await eventually(
      async () => (await staff.get(`/v1/locations/${STORE}/tasks?status=to_pick`)).body.items?.[0],
      60_000,
      'the pick task',
    );
    expect(
      (
        await staff.post(`/v1/tasks/${task.id}/pick`, {
          lines: [{ orderLineId: task.lines[0].orderLineId, pickedQty: 1 }],
        })
      ).status,
    ).toBe(200);
    expect((await staff.post(`/v1/tasks/${task.id}/pack`)).status).toBe(200);
    expect((await staff.post(`/v1/tasks/${task.id}/ready`)).status).toBe(200);

    const { exitCode, stdout, stderr } = await example;
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(stdout).toContain(`${SKU} at ${STORE}: 3 available for web`);
    const printed = /^pickup code for order (\S+): ([0-9]{6}) /m.exec(stdout);
    expect(printed?.[1]).toBe(task.orderId);
    const code = printed?.[2] as string;

    // At the counter: another code opens nothing; the one the shop gave its customer hands the order over.
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await staff.post(`/v1/tasks/${task.id}/handover`, { code: wrong });
    expect([refused.status, refused.body.type]).toEqual([422, 'urn:omni:problem:wrong-pickup-code']);
    const handedOver = await staff.post(`/v1/tasks/${task.id}/handover`, { code });
    expect([handedOver.status, handedOver.body.status]).toEqual([200, 'picked_up']);
    const order = await eventually(
      async () => {
        const { body } = await apiClient(orders, WEB).get(`/v1/orders/${task.orderId}`);
        return body.lines?.[0]?.status === 'picked_up' ? body : undefined;
      },
      30_000,
      'orders to hear of the handover',
    );
    expect(order.holdId).toEqual(expect.any(String));

    // It unsubscribed on its way out: nothing is left sending to a receiver that is gone.
    expect((await apiClient(webhooks, WEB).get('/v1/webhooks/subscriptions')).body.items).toEqual([]);
  });
});
