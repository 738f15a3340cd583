import { createOmniClient } from '@omni/client';
import { ApiError } from './http';
import type {
  InspectionEntry,
  Location,
  NearbyStore,
  Order,
  OrderStatus,
  OrderSummary,
  Page,
  PlaceOrderBody,
  Return,
  ReturnableOrder,
  StockLevel,
  Task,
  TaskStatus,
  WalkInBody,
} from './types';

/**
 * Every service call the console makes, as one interface: the screens depend on it alone. It is made
 * on @omni/client (libs/client, typed from the services' OpenAPI documents), through the console
 * server's `/api/<service>` (same origin, no CORS), with the signed-in associate's token.
 */
export interface ConsoleApi {
  // fulfilment: tasks
  tasksAt(
    locationId: string,
    query: { status?: TaskStatus; sort?: 'oldest' | 'newest'; limit?: number },
    signal?: AbortSignal,
  ): Promise<Page<Task>>;
  tasksOfOrder(orderId: string, query?: { status?: TaskStatus }): Promise<Page<Task>>;
  task(id: string): Promise<Task>;
  pick(id: string, lines: Array<{ orderLineId: string; pickedQty: number }>, key: string): Promise<Task>;
  pack(id: string, key: string): Promise<Task>;
  ready(id: string, key: string): Promise<Task>;
  ship(id: string, body: { carrier: string; trackingNumber: string }, key: string): Promise<Task>;
  handover(id: string, code: string): Promise<Task>;
  reissueCode(id: string, key: string): Promise<Task>;
  // orders
  order(id: string): Promise<Order>;
  orders(query: { status?: OrderStatus; locationId?: string; limit?: number }): Promise<Page<OrderSummary>>;
  customerOrders(customerId: string): Promise<Page<OrderSummary>>;
  placeOrder(body: PlaceOrderBody, key: string): Promise<Order>;
  // inventory
  location(id: string): Promise<Location>;
  stockLevels(sku: string): Promise<StockLevel[]>;
  nearby(
    sku: string,
    at: { lat: number; lng: number },
    radiusKm?: number,
  ): Promise<{ sku: string; asOf: string; stores: NearbyStore[] }>;
  // returns
  returnable(orderId: string): Promise<ReturnableOrder>;
  findReturnable(number: string): Promise<{ items: ReturnableOrder[] }>;
  walkIn(body: WalkInBody, key: string): Promise<Return>;
  inspect(returnId: string, lines: InspectionEntry[], key: string): Promise<Return>;
  returnsOfOrder(orderId: string): Promise<{ orderId: string; returns: Return[] }>;
}

interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The answer's data; a problem answer, or no answer at all, as an ApiError carrying a problem document. */
async function answer<D>(call: Promise<Answer<D>>): Promise<D> {
  let result: Answer<D>;
  try {
    result = await call;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(
      { type: 'console:unreachable', title: 'No connection', status: 0, detail: (error as Error).message },
      true,
    );
  }
  const { data, error, response } = result;
  if (response.ok) return data as D;
  if (error && typeof error === 'object' && typeof (error as { type?: unknown }).type === 'string')
    throw new ApiError(error as ApiError['problem']);
  // A gateway's page rather than the API's own answer.
  throw new ApiError(
    {
      type: response.status >= 500 ? 'console:unreachable' : 'about:blank',
      title: response.statusText || 'Error',
      status: response.status,
    },
    response.status >= 500,
  );
}

const idempotent = (key: string) => ({ 'Idempotency-Key': key });

export function createConsoleApi(token: () => string | null, base = '/api'): ConsoleApi {
  const omni = createOmniClient({
    baseUrls: {
      inventory: `${base}/inventory`,
      orders: `${base}/orders`,
      fulfilment: `${base}/fulfilment`,
      returns: `${base}/returns`,
    },
    token: () => token() ?? '',
  });
  const { fulfilment, orders, inventory, returns } = omni;
  const taskId = (id: string) => ({ path: { id } });
  return {
    tasksAt: (id, query, signal) =>
      answer(fulfilment.GET('/v1/locations/{id}/tasks', { params: { path: { id }, query }, signal })),
    tasksOfOrder: (orderId, query = {}) =>
      answer(fulfilment.GET('/v1/orders/{orderId}/tasks', { params: { path: { orderId }, query } })),
    task: (id) => answer(fulfilment.GET('/v1/tasks/{id}', { params: taskId(id) })),
    pick: (id, lines, key) =>
      answer(
        fulfilment.POST('/v1/tasks/{id}/pick', { params: { ...taskId(id), header: idempotent(key) }, body: { lines } }),
      ),
    pack: (id, key) =>
      answer(fulfilment.POST('/v1/tasks/{id}/pack', { params: { ...taskId(id), header: idempotent(key) } })),
    ready: (id, key) =>
      answer(fulfilment.POST('/v1/tasks/{id}/ready', { params: { ...taskId(id), header: idempotent(key) } })),
    ship: (id, body, key) =>
      answer(fulfilment.POST('/v1/tasks/{id}/ship', { params: { ...taskId(id), header: idempotent(key) }, body })),
    // Not idempotent on purpose: each wrong code is counted.
    handover: (id, code) => answer(fulfilment.POST('/v1/tasks/{id}/handover', { params: taskId(id), body: { code } })),
    reissueCode: (id, key) =>
      answer(fulfilment.POST('/v1/tasks/{id}/reissue-code', { params: { ...taskId(id), header: idempotent(key) } })),
    order: (id) => answer(orders.GET('/v1/orders/{id}', { params: { path: { id } } })),
    orders: (query) => answer(orders.GET('/v1/orders', { params: { query } })),
    customerOrders: (id) =>
      answer(orders.GET('/v1/customers/{id}/orders', { params: { path: { id }, query: { limit: 50 } } })),
    placeOrder: (body, key) => answer(orders.POST('/v1/orders', { params: { header: idempotent(key) }, body })),
    location: (id) => answer(inventory.GET('/v1/locations/{id}', { params: { path: { id } } })),
    stockLevels: (sku) => answer(inventory.GET('/v1/stock/{sku}/levels', { params: { path: { sku } } })),
    nearby: (sku, at, radiusKm) =>
      answer(
        inventory.GET('/v1/availability/{sku}/nearby', {
          params: { path: { sku }, query: { lat: at.lat, lng: at.lng, radiusKm, limit: 10 } },
        }),
      ),
    returnable: (orderId) => answer(returns.GET('/v1/orders/{orderId}/returnable', { params: { path: { orderId } } })),
    findReturnable: (number) => answer(returns.GET('/v1/returnable-orders', { params: { query: { number } } })),
    walkIn: (body, key) => answer(returns.POST('/v1/returns/walk-in', { params: { header: idempotent(key) }, body })),
    inspect: (id, lines, key) =>
      answer(
        returns.POST('/v1/returns/{id}/inspect', {
          params: { path: { id }, header: idempotent(key) },
          body: { lines },
        }),
      ),
    returnsOfOrder: (orderId) => answer(returns.GET('/v1/orders/{orderId}/returns', { params: { path: { orderId } } })),
  };
}
