// The allocation saga, step by step and with each compensation, as scripts: given fulfilment's view
// of inventory, when an event or a staff step's fact reaches the saga, expect the events it writes.
import { randomUUID } from 'node:crypto';
import {
  Allocated,
  AllocationRejected,
  AllocationRequested,
  CancelDecided,
  CancelRequested,
  FulfilmentOrderCreated,
  LinesUnfulfillable,
  LocationSnapshot,
  OrderPlaced,
  SourcingDecided,
  StockLevelSnapshot,
  type AllocationRequestedV1,
  type CancelDecidedV1,
  type LinesUnfulfillableV1,
  type OrderPlacedV1,
} from '@omni/contracts';
import { fixtureEnvelope } from '@omni/testing';
import { SagaScript } from './saga-script';
import { SITES, SOHO_CUSTOMER, type Site } from './support';

const SKU = `SCRIPT-${randomUUID().slice(0, 6)}`;
const { soho, camden } = SITES;

const location = (s: Site) =>
  fixtureEnvelope(LocationSnapshot, s.id, {
    id: s.id,
    type: s.type,
    name: s.id,
    address: { line1: `${s.id} street`, city: s.city, postalCode: s.postalCode, country: 'GB' },
    lat: s.lat,
    lng: s.lng,
    timezone: 'Europe/London',
    capabilities: s.capabilities as never,
    active: true,
    updatedAt: new Date().toISOString(),
  });
const stock = (s: Site, sellable: number) =>
  fixtureEnvelope(StockLevelSnapshot, `${SKU}@${s.id}`, {
    sku: SKU,
    locationId: s.id,
    onHand: sellable,
    reserved: 0,
    safetyStock: 0,
    damaged: 0,
    sellable,
    asOf: new Date().toISOString(),
  });

const newOrder = (): OrderPlacedV1 => {
  const orderId = randomUUID();
  return {
    orderId,
    channel: 'web',
    customer: { id: `c-${orderId.slice(0, 6)}` },
    lines: [
      {
        orderLineId: `${orderId}-1`,
        lineNo: 1,
        sku: SKU,
        qty: 1,
        unitPriceMinor: 1000,
        currency: 'GBP',
        delivery: { type: 'ship', address: SOHO_CUSTOMER },
      },
    ],
    placedAt: new Date().toISOString(),
  };
};

describe('the allocation saga, scripted', () => {
  let saga: SagaScript;

  beforeAll(async () => {
    saga = await SagaScript.start();
    await saga.given(location(soho), location(camden), stock(soho, 5), stock(camden, 5));
  });

  afterAll(async () => {
    await saga?.stop();
  });

  /** Placed and sourced: the allocation request it wrote. */
  const placed = async (order: OrderPlacedV1): Promise<AllocationRequestedV1> => {
    await saga.when(OrderPlaced, order.orderId, order);
    const [request] = await saga.writtenOf(AllocationRequested);
    return request;
  };

  /** Placed, sourced and allocated where it was asked: a fulfilment order and its task are open. */
  const allocated = async (order: OrderPlacedV1): Promise<AllocationRequestedV1> => {
    const request = await placed(order);
    await saga.when(Allocated, order.orderId, {
      orderId: order.orderId,
      requestId: request.requestId,
      lines: request.lines,
    });
    return request;
  };

  const rejectedAt = (order: OrderPlacedV1, request: AllocationRequestedV1) => ({
    orderId: order.orderId,
    requestId: request.requestId,
    reason: 'insufficient-stock' as const,
    lines: request.lines.map((l) => ({
      orderLineId: l.orderLineId,
      sku: l.sku,
      locationId: l.locationId,
      requested: l.qty,
      available: 0,
      shortfall: l.qty,
    })),
  });

  const taskOf = async (orderId: string) =>
    (await saga.service.sql<{ status: string }>(`SELECT status FROM tasks WHERE order_id = $1`, [orderId]))[0]?.status;

  it('source: an order placed is sourced at the nearest store with stock, and asked of inventory', async () => {
    const order = newOrder();
    await saga.when(OrderPlaced, order.orderId, order);
    expect((await saga.written()).map((w) => w.type)).toEqual([AllocationRequested.type, SourcingDecided.type]);
    expect((await saga.writtenOf(AllocationRequested))[0]).toMatchObject({
      orderId: order.orderId,
      lines: [{ sku: SKU, qty: 1, locationId: soho.id }],
    });
    expect((await saga.writtenOf(SourcingDecided))[0]).toMatchObject({
      trigger: 'order-placed',
      assigned: [{ locationId: soho.id }],
    });
  });

  it('allocation-rejected (compensation of request-allocation): the short location is excluded and the next is asked', async () => {
    const order = newOrder();
    const first = await placed(order);
    await saga.when(AllocationRejected, order.orderId, rejectedAt(order, first));
    const [again] = await saga.writtenOf(AllocationRequested);
    expect(again).toMatchObject({ orderId: order.orderId, lines: [{ locationId: camden.id }] });
    expect(again.requestId).not.toBe(first.requestId);
    expect((await saga.writtenOf(SourcingDecided))[0]).toMatchObject({ trigger: 'allocation-rejected' });
  });

  it('give-up: once every eligible location has refused, the line is unfulfillable and nothing more is asked', async () => {
    const order = newOrder();
    const first = await placed(order);
    await saga.when(AllocationRejected, order.orderId, rejectedAt(order, first));
    const [second] = await saga.writtenOf(AllocationRequested);
    await saga.when(AllocationRejected, order.orderId, rejectedAt(order, second));
    expect((await saga.written()).map((w) => w.type)).toEqual([LinesUnfulfillable.type, SourcingDecided.type]);
    expect((await saga.writtenOf<LinesUnfulfillableV1>(LinesUnfulfillable))[0].lines).toEqual([
      expect.objectContaining({ orderLineId: order.lines[0].orderLineId }),
    ]);
  });

  it('open-fulfilment-orders: an allocation opens a fulfilment order and its pick task, once', async () => {
    const order = newOrder();
    const request = await allocated(order);
    expect(await saga.writtenOf(FulfilmentOrderCreated)).toEqual([
      expect.objectContaining({ orderId: order.orderId, locationId: soho.id }),
    ]);
    expect(await taskOf(order.orderId)).toBe('to_pick');
    // The same answer again (a redelivery under another event id) opens nothing more.
    await saga.when(Allocated, order.orderId, {
      orderId: order.orderId,
      requestId: request.requestId,
      lines: request.lines,
    });
    expect(await saga.written()).toEqual([]);
  });

  it('lines-short (compensation of open-fulfilment-orders): the line leaves the store and is asked elsewhere', async () => {
    const order = newOrder();
    await allocated(order);
    await saga.whenTold({
      kind: 'lines-short',
      orderId: order.orderId,
      locationId: soho.id,
      lineIds: [order.lines[0].orderLineId],
    });
    expect((await saga.writtenOf(AllocationRequested))[0]).toMatchObject({ lines: [{ locationId: camden.id }] });
    expect((await saga.writtenOf(SourcingDecided))[0]).toMatchObject({ trigger: 'short-picked' });
  });

  it('work-rejected (compensation of open-fulfilment-orders): the store gave the work back, the line goes elsewhere', async () => {
    const order = newOrder();
    await allocated(order);
    await saga.whenTold({
      kind: 'work-rejected',
      orderId: order.orderId,
      locationId: soho.id,
      lineIds: [order.lines[0].orderLineId],
    });
    expect((await saga.writtenOf(SourcingDecided))[0]).toMatchObject({
      trigger: 'fulfilment-order-rejected',
      assigned: [{ locationId: camden.id }],
    });
  });

  it('decide-cancel: a line whose goods are still here is cancelled, with its task', async () => {
    const order = newOrder();
    await allocated(order);
    const lineId = order.lines[0].orderLineId;
    await saga.when(CancelRequested, order.orderId, {
      orderId: order.orderId,
      lineIds: [lineId],
      reason: 'changed my mind',
    });
    expect(await saga.writtenOf<CancelDecidedV1>(CancelDecided)).toEqual([
      { orderId: order.orderId, cancelled: [lineId], refused: [], reason: 'changed my mind' },
    ]);
    expect(await taskOf(order.orderId)).toBe('cancelled');
  });

  it('decide-cancel: a line whose goods left (goods-left told first) is refused, and stays fulfilled', async () => {
    const order = newOrder();
    await allocated(order);
    const lineId = order.lines[0].orderLineId;
    await saga.whenTold({ kind: 'goods-left', orderId: order.orderId, lineIds: [lineId] });
    expect(await saga.written()).toEqual([]);
    await saga.when(CancelRequested, order.orderId, { orderId: order.orderId, lineIds: [lineId] });
    expect(await saga.writtenOf<CancelDecidedV1>(CancelDecided)).toEqual([
      {
        orderId: order.orderId,
        cancelled: [],
        refused: [{ orderLineId: lineId, reason: expect.stringMatching(/already left/) }],
      },
    ]);
    expect(await saga.service.sql(`SELECT status FROM order_lines WHERE order_line_id = $1`, [lineId])).toEqual([
      { status: 'fulfilled' },
    ]);
  });
});
