import type { RequestOptions, Transport } from './http';
import type {
  InspectionEntry,
  Location,
  NearbyStore,
  Order,
  OrderSummary,
  Page,
  PlaceOrderBody,
  Return,
  ReturnReason,
  StockLevel,
  Task,
  TaskStatus,
} from './types';

/**
 * Every service call the console makes, as one typed interface. The screens depend on this interface
 * only, so the typed client being built in libs/client (@omni/client) can replace `createConsoleApi`
 * by an adapter without touching them.
 */
export interface ConsoleApi {
  // fulfilment: tasks
  tasksAt(locationId: string, query: { status?: TaskStatus; sort?: 'oldest' | 'newest'; limit?: number }, signal?: AbortSignal): Promise<Page<Task>>;
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
  orders(query: { status?: string; locationId?: string; limit?: number }): Promise<Page<OrderSummary>>;
  customerOrders(customerId: string): Promise<Page<OrderSummary>>;
  placeOrder(body: PlaceOrderBody, key: string): Promise<Order>;
  // inventory
  location(id: string): Promise<Location>;
  stockLevels(sku: string): Promise<StockLevel[]>;
  nearby(sku: string, at: { lat: number; lng: number }, radiusKm?: number): Promise<{ sku: string; asOf: string; stores: NearbyStore[] }>;
  // returns
  walkIn(body: { orderId: string; locationId: string; lines: Array<{ orderLineId: string; qty: number; reason: ReturnReason }> }, key: string): Promise<Return>;
  inspect(returnId: string, lines: InspectionEntry[], key: string): Promise<Return>;
  returnsOfOrder(orderId: string): Promise<{ orderId: string; returns: Return[] }>;
}

const q = (query: Record<string, string | number | undefined>): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
};
const id = encodeURIComponent;

export function createConsoleApi(call: Transport): ConsoleApi {
  const post = <T>(service: Parameters<Transport>[0], path: string, options: RequestOptions) => call<T>(service, 'POST', path, options);
  return {
    tasksAt: (locationId, query, signal) => call('fulfilment', 'GET', `/v1/locations/${id(locationId)}/tasks${q(query)}`, { signal }),
    tasksOfOrder: (orderId, query = {}) => call('fulfilment', 'GET', `/v1/orders/${id(orderId)}/tasks${q(query)}`),
    task: (taskId) => call('fulfilment', 'GET', `/v1/tasks/${id(taskId)}`),
    pick: (taskId, lines, key) => post('fulfilment', `/v1/tasks/${id(taskId)}/pick`, { body: { lines }, idempotencyKey: key }),
    pack: (taskId, key) => post('fulfilment', `/v1/tasks/${id(taskId)}/pack`, { idempotencyKey: key }),
    ready: (taskId, key) => post('fulfilment', `/v1/tasks/${id(taskId)}/ready`, { idempotencyKey: key }),
    ship: (taskId, body, key) => post('fulfilment', `/v1/tasks/${id(taskId)}/ship`, { body, idempotencyKey: key }),
    // Not idempotent on purpose: each wrong code is counted.
    handover: (taskId, code) => post('fulfilment', `/v1/tasks/${id(taskId)}/handover`, { body: { code } }),
    reissueCode: (taskId, key) => post('fulfilment', `/v1/tasks/${id(taskId)}/reissue-code`, { idempotencyKey: key }),
    order: (orderId) => call('orders', 'GET', `/v1/orders/${id(orderId)}`),
    orders: (query) => call('orders', 'GET', `/v1/orders${q(query)}`),
    customerOrders: (customerId) => call('orders', 'GET', `/v1/customers/${id(customerId)}/orders${q({ limit: 50 })}`),
    placeOrder: (body, key) => post('orders', '/v1/orders', { body, idempotencyKey: key }),
    location: (locationId) => call('inventory', 'GET', `/v1/locations/${id(locationId)}`),
    stockLevels: (sku) => call('inventory', 'GET', `/v1/stock/${id(sku)}/levels`),
    nearby: (sku, at, radiusKm) => call('inventory', 'GET', `/v1/availability/${id(sku)}/nearby${q({ lat: at.lat, lng: at.lng, radiusKm, limit: 10 })}`),
    walkIn: (body, key) => post('returns', '/v1/returns/walk-in', { body, idempotencyKey: key }),
    inspect: (returnId, lines, key) => post('returns', `/v1/returns/${id(returnId)}/inspect`, { body: { lines }, idempotencyKey: key }),
    returnsOfOrder: (orderId) => call('returns', 'GET', `/v1/orders/${id(orderId)}/returns`),
  };
}
