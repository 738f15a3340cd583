// Who may call each route the services serve, as the authorization matrix checks it (README "Who may do what").
// Every route served must have an entry: a new route without one fails the matrix. For each principal
// case the entry says what a caller of that kind gets, or, with na(), why the case says nothing here.

/** The real resources the matrix acts on, created by the suite before it starts. */
export interface Fixture {
  storeA: string;
  storeB: string;
  sku: string;
  /** A hold taken by store A's staff. */
  holdId: string;
  /** A web order picked up at store A, handed over, with a return of it on its way back to store A. */
  order1Id: string;
  order1LineId: string;
  /** A web order for pickup at store A whose pick task is still open. */
  order2Id: string;
  order2LineId: string;
  taskId: string;
  customerId: string;
  returnId: string;
  /** The web channel's webhook subscription (to order.ready-for-pickup, at a receiver answering 200), and its delivery of order 1's. */
  subscriptionId: string;
  deliveryId: string;
  webhookUrl: string;
}

export type Service = 'inventory' | 'orders' | 'fulfilment' | 'returns' | 'webhooks';
export type CaseName = 'wrongStore' | 'wrongChannel' | 'otherSubject' | 'storeAsAdmin';

/**
 * A refusal status, or a 200 that must not reveal the named values (a list narrowed to the caller's share)
 * and, with `shown`, must carry these (a read open to callers who own nothing of the resource).
 */
export type Expectation = 401 | 403 | 404 | { hidden: (f: Fixture) => string[]; shown?: (f: Fixture) => string[] };
export interface NotApplicable {
  na: string;
}
export const na = (why: string): NotApplicable => ({ na: why });

export interface ApiRoute {
  kind: 'api';
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** Server-Sent Events: never opened by an allowed caller in the matrix. */
  stream?: boolean;
  /**
   * The path's id is an order the service learns of from orders' events: one it has not heard of is
   * "not yet" (order-unknown, worth a retry), which "not yours" (not-found) must never read like.
   */
  learnedOrder?: boolean;
  cases: Record<CaseName, Expectation | NotApplicable>;
}

/** Health, metrics and docs: no principal cases (their access is the management decision); still checked for no 5xx and no write. */
export interface ManagementRoute {
  kind: 'management';
  path: string;
}

export type RouteEntry = ApiRoute | ManagementRoute;

const management = (path: string): ManagementRoute => ({ kind: 'management', path });
const DOCS_UI = [
  '/docs',
  '/docs/',
  '/docs/index.html',
  '/docs/swagger-ui-init.js',
  '/docs/docs/swagger-ui-init.js',
  '/docs/LICENSE',
];
const ADMIN_ONLY = {
  wrongStore: 403,
  wrongChannel: 403,
  otherSubject: na('admin routes know no owner'),
  storeAsAdmin: 403,
} as const;
const OPEN_READ = {
  wrongStore: na('open to every principal'),
  wrongChannel: na('open to every principal'),
  otherSubject: na('open to every principal'),
  storeAsAdmin: na('not an admin route'),
} as const;
const NOT_ADMIN = na('not an admin route');
const BY_LOCATION = na('stores own by location, not by subject');
const HOLD_OWNED = { wrongStore: 404, wrongChannel: 404, otherSubject: 404, storeAsAdmin: NOT_ADMIN } as const;
const TASK_STEP = { wrongStore: 404, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN } as const;
/** A channel's webhook subscription and what hangs off it: its channel's clients and admins; a store may not call the route at all. */
const SUBSCRIPTION_OWNED = {
  wrongStore: 403,
  wrongChannel: 404,
  otherSubject: na('a channel’s subscriptions are its own whoever the subject'),
  storeAsAdmin: NOT_ADMIN,
} as const;
const task = (step: string, body?: (f: Fixture) => unknown): ApiRoute => ({
  kind: 'api',
  path: (f) => `/v1/tasks/${f.taskId}/${step}`,
  body,
  cases: TASK_STEP,
});
const location = (id: string) => ({
  type: 'store',
  name: id,
  address: { line1: '1 rue du Test', city: 'Paris', postalCode: '75001', country: 'FR' },
  lat: 48.86,
  lng: 2.34,
  timezone: 'Europe/Paris',
  capabilities: ['sells_in_store', 'bopis'],
  active: true,
});
/** A web order for pickup at store A: the fixture's orders, and what the matrix tries to place. */
export const webOrder = (f: Fixture) => ({
  channel: 'web',
  customer: { id: f.customerId },
  lines: [{ sku: f.sku, qty: 1, unitPrice: 1000, currency: 'EUR', delivery: { type: 'pickup', locationId: f.storeA } }],
});

/** Keyed by `<service> <METHOD> <path as Fastify routes it>`. */
export const ACCESS_TABLE: Record<string, RouteEntry> = {
  ...Object.fromEntries(
    (['inventory', 'orders', 'fulfilment', 'returns', 'webhooks'] as const).flatMap((s) => [
      [`${s} GET /health/live`, management('/health/live')],
      [`${s} GET /health/ready`, management('/health/ready')],
      [`${s} GET /metrics`, management('/metrics')],
      [`${s} GET /docs-json`, management('/docs-json')],
      [`${s} GET /docs-yaml`, management('/docs-yaml')],
      [`${s} GET /docs/asyncapi.json`, management('/docs/asyncapi.json')],
      [`${s} GET /docs/problems`, management('/docs/problems')],
      ...DOCS_UI.map((p) => [`${s} GET ${p}`, management(p)]),
      // The Swagger UI's static files (@fastify/static).
      [`${s} GET /docs/*`, management('/docs/swagger-ui.css')],
      // Fastify's not-found handler (Nest's 404) for a path no route serves: a 404, whoever asks.
      [`${s} ALL (not found)`, management('/v1/no-such-route')],
    ]),
  ),

  // inventory
  'inventory PUT /v1/locations/:id': {
    kind: 'api',
    path: () => '/v1/locations/matrix-new-store',
    body: () => location('matrix-new-store'),
    cases: ADMIN_ONLY,
  },
  'inventory GET /v1/locations': { kind: 'api', path: () => '/v1/locations', cases: OPEN_READ },
  'inventory GET /v1/locations/:id': { kind: 'api', path: (f) => `/v1/locations/${f.storeA}`, cases: OPEN_READ },
  'inventory PUT /v1/channels/:channel/rules': {
    kind: 'api',
    path: () => '/v1/channels/web/rules',
    body: () => ({ safetyStock: 0 }),
    cases: ADMIN_ONLY,
  },
  'inventory GET /v1/channels/:channel/rules': { kind: 'api', path: () => '/v1/channels/web/rules', cases: ADMIN_ONLY },
  'inventory POST /v1/stock/movements': {
    kind: 'api',
    path: () => '/v1/stock/movements',
    body: (f) => ({ sku: f.sku, locationId: f.storeA, type: 'receipt', quantity: 1, reason: 'matrix' }),
    cases: { wrongStore: 403, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'inventory PUT /v1/stock/:sku/locations/:locationId/safety-stock': {
    kind: 'api',
    path: (f) => `/v1/stock/${f.sku}/locations/${f.storeA}/safety-stock`,
    body: () => ({ safetyStock: 1 }),
    cases: ADMIN_ONLY,
  },
  'inventory GET /v1/stock/:sku/levels': {
    kind: 'api',
    path: (f) => `/v1/stock/${f.sku}/levels`,
    cases: {
      wrongStore: { hidden: (f) => [f.storeA] },
      wrongChannel: 403,
      otherSubject: BY_LOCATION,
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'inventory GET /v1/stock/:sku/movements': {
    kind: 'api',
    path: (f) => `/v1/stock/${f.sku}/movements?locationId=${f.storeA}`,
    cases: { wrongStore: 403, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'inventory POST /v1/availability/query': {
    kind: 'api',
    path: () => '/v1/availability/query',
    body: (f) => ({ channel: 'web', skus: [f.sku] }),
    cases: {
      wrongStore: 403,
      wrongChannel: 403,
      otherSubject: na('a channel figure is the channel’s, whoever asks'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'inventory GET /v1/availability/:sku/nearby': {
    kind: 'api',
    path: (f) => `/v1/availability/${f.sku}/nearby?lat=48.86&lng=2.34`,
    cases: OPEN_READ,
  },
  'inventory GET /v1/availability/:sku': {
    kind: 'api',
    path: (f) => `/v1/availability/${f.sku}?channel=web`,
    cases: {
      wrongStore: 403,
      wrongChannel: 403,
      otherSubject: na('a channel figure is the channel’s, whoever asks'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'inventory GET /v1/availability/stream': {
    kind: 'api',
    stream: true,
    path: (f) => `/v1/availability/stream?skus=${f.sku}&channel=web`,
    cases: {
      wrongStore: 403,
      wrongChannel: 403,
      otherSubject: na('a channel figure is the channel’s, whoever asks'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'inventory POST /v1/holds': {
    kind: 'api',
    path: () => '/v1/holds',
    body: (f) => ({ channel: 'web', lines: [{ sku: f.sku, qty: 1, locationId: f.storeA }] }),
    cases: {
      wrongStore: 403,
      wrongChannel: 403,
      otherSubject: na('a new hold is the caller’s own'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'inventory GET /v1/holds/:id': { kind: 'api', path: (f) => `/v1/holds/${f.holdId}`, cases: HOLD_OWNED },
  'inventory POST /v1/holds/:id/extend': {
    kind: 'api',
    path: (f) => `/v1/holds/${f.holdId}/extend`,
    body: () => ({ ttlSeconds: 600 }),
    cases: HOLD_OWNED,
  },
  'inventory POST /v1/holds/:id/release': {
    kind: 'api',
    path: (f) => `/v1/holds/${f.holdId}/release`,
    cases: HOLD_OWNED,
  },

  // orders
  'orders POST /v1/orders': {
    kind: 'api',
    path: () => '/v1/orders',
    body: webOrder,
    cases: {
      wrongStore: 403,
      wrongChannel: 403,
      otherSubject: na('a new order is the caller’s own'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'orders GET /v1/orders': {
    kind: 'api',
    path: () => '/v1/orders?channel=web',
    cases: {
      wrongStore: { hidden: (f) => [f.order1Id, f.order2Id] },
      wrongChannel: { hidden: (f) => [f.order1Id, f.order2Id] },
      otherSubject: BY_LOCATION,
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'orders GET /v1/orders/:id': {
    kind: 'api',
    path: (f) => `/v1/orders/${f.order2Id}`,
    cases: { wrongStore: 404, wrongChannel: 404, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'orders POST /v1/orders/:id/cancel': {
    kind: 'api',
    path: (f) => `/v1/orders/${f.order2Id}/cancel`,
    body: () => ({ reason: 'matrix' }),
    cases: { wrongStore: 404, wrongChannel: 404, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'orders GET /v1/customers/:id/orders': {
    kind: 'api',
    path: (f) => `/v1/customers/${f.customerId}/orders`,
    cases: {
      wrongStore: na('any store may read a history (audited): the returns desk'),
      wrongChannel: 404,
      otherSubject: BY_LOCATION,
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'orders GET /v1/reports/attribution': {
    kind: 'api',
    path: (f) => `/v1/reports/attribution?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&locationId=${f.storeA}`,
    cases: { wrongStore: 403, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },

  // fulfilment
  'fulfilment PUT /v1/locations/:id/capacity': {
    kind: 'api',
    path: (f) => `/v1/locations/${f.storeA}/capacity`,
    body: () => ({ maxOpenTasks: 10 }),
    cases: ADMIN_ONLY,
  },
  'fulfilment GET /v1/locations/:id/capacity': {
    kind: 'api',
    path: (f) => `/v1/locations/${f.storeA}/capacity`,
    cases: { wrongStore: 403, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'fulfilment GET /v1/orders/:orderId/sourcing': {
    kind: 'api',
    path: (f) => `/v1/orders/${f.order2Id}/sourcing`,
    learnedOrder: true,
    cases: {
      wrongStore: 403,
      wrongChannel: 404,
      otherSubject: na('a channel’s orders are its own whoever the subject'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'fulfilment POST /v1/sourcing/dry-run': {
    kind: 'api',
    path: () => '/v1/sourcing/dry-run',
    body: (f) => ({ lines: [{ sku: f.sku, qty: 1, delivery: { type: 'pickup', locationId: f.storeA } }] }),
    cases: {
      wrongStore: 403,
      wrongChannel: na('a dry run reads nothing of anyone’s'),
      otherSubject: na('a dry run reads nothing of anyone’s'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'fulfilment GET /v1/locations/:id/tasks': {
    kind: 'api',
    path: (f) => `/v1/locations/${f.storeA}/tasks`,
    cases: { wrongStore: 403, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'fulfilment GET /v1/orders/:orderId/tasks': {
    kind: 'api',
    path: (f) => `/v1/orders/${f.order2Id}/tasks?sort=newest`,
    learnedOrder: true,
    cases: { wrongStore: 404, wrongChannel: 404, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'fulfilment GET /v1/tasks/:id': { kind: 'api', path: (f) => `/v1/tasks/${f.taskId}`, cases: TASK_STEP },
  'fulfilment POST /v1/tasks/:id/pick': task('pick', (f) => ({
    lines: [{ orderLineId: f.order2LineId, pickedQty: 1 }],
  })),
  'fulfilment POST /v1/tasks/:id/pack': task('pack'),
  'fulfilment POST /v1/tasks/:id/ready': task('ready'),
  'fulfilment POST /v1/tasks/:id/reissue-code': task('reissue-code'),
  'fulfilment POST /v1/tasks/:id/handover': task('handover', () => ({ code: '123456' })),
  'fulfilment POST /v1/tasks/:id/ship': task('ship', () => ({ carrier: 'matrix', trackingNumber: 'M-1' })),
  'fulfilment POST /v1/tasks/:id/deliver': task('deliver', () => ({})),
  'fulfilment POST /v1/tasks/:id/reject': task('reject', () => ({ reason: 'out_of_stock' })),

  // returns
  'returns GET /v1/return-policy': { kind: 'api', path: () => '/v1/return-policy', cases: OPEN_READ },
  'returns PUT /v1/return-policy': {
    kind: 'api',
    path: () => '/v1/return-policy',
    body: () => ({ defaultWindowDays: 30, restockingFeeBps: 0, feeWaivedReasons: [], categories: [] }),
    cases: ADMIN_ONLY,
  },
  'returns GET /v1/return-policy/skus/:sku': {
    kind: 'api',
    path: (f) => `/v1/return-policy/skus/${f.sku}`,
    cases: OPEN_READ,
  },
  'returns PUT /v1/return-policy/skus/:sku': {
    kind: 'api',
    path: (f) => `/v1/return-policy/skus/${f.sku}`,
    body: () => ({ returnable: false }),
    cases: ADMIN_ONLY,
  },
  'returns DELETE /v1/return-policy/skus/:sku': {
    kind: 'api',
    path: (f) => `/v1/return-policy/skus/${f.sku}`,
    cases: ADMIN_ONLY,
  },
  'returns POST /v1/returns': {
    kind: 'api',
    path: () => '/v1/returns',
    body: (f) => ({
      orderId: f.order1Id,
      returnTo: { method: 'in-store', locationId: f.storeA },
      lines: [{ orderLineId: f.order1LineId, qty: 1, reason: 'changed-mind' }],
    }),
    cases: {
      wrongStore: 403,
      wrongChannel: 404,
      otherSubject: na('a channel’s orders are its own whoever the subject'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'returns POST /v1/returns/walk-in': {
    kind: 'api',
    path: () => '/v1/returns/walk-in',
    body: (f) => ({
      orderId: f.order1Id,
      locationId: f.storeA,
      lines: [{ orderLineId: f.order1LineId, qty: 1, reason: 'changed-mind' }],
    }),
    cases: { wrongStore: 403, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'returns POST /v1/returns/:id/receive': {
    kind: 'api',
    path: (f) => `/v1/returns/${f.returnId}/receive`,
    // Each store names its own location: store B is at its own counter, asking for store A's return.
    body: (f) => ({ locationId: f.storeB }),
    cases: { wrongStore: 404, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'returns POST /v1/returns/:id/cancel': {
    kind: 'api',
    path: (f) => `/v1/returns/${f.returnId}/cancel`,
    cases: { wrongStore: 404, wrongChannel: 404, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'returns POST /v1/returns/:id/inspect': {
    kind: 'api',
    path: (f) => `/v1/returns/${f.returnId}/inspect`,
    body: (f) => ({ lines: [{ orderLineId: f.order1LineId, disposition: 'restock', qty: 1 }] }),
    cases: { wrongStore: 404, wrongChannel: 403, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  'returns GET /v1/returns/:id': {
    kind: 'api',
    path: (f) => `/v1/returns/${f.returnId}`,
    cases: { wrongStore: 404, wrongChannel: 404, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },
  // The returns desk: any store reads what may come back of any order (store B never touched order 1), without its customer.
  'returns GET /v1/orders/:orderId/returnable': {
    kind: 'api',
    path: (f) => `/v1/orders/${f.order1Id}/returnable`,
    learnedOrder: true,
    cases: {
      wrongStore: { shown: (f) => [f.order1Id, f.order1LineId], hidden: (f) => [f.customerId] },
      wrongChannel: 404,
      otherSubject: na('any store may read it: the returns desk'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'returns GET /v1/returnable-orders': {
    kind: 'api',
    path: (f) => `/v1/returnable-orders?number=${f.order1Id.slice(0, 8)}`,
    cases: {
      wrongStore: { shown: (f) => [f.order1Id, f.order1LineId], hidden: (f) => [f.customerId] },
      wrongChannel: { hidden: (f) => [f.order1Id, f.order1LineId] },
      otherSubject: na('any store may read it: the returns desk'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'returns GET /v1/orders/:orderId/returns': {
    kind: 'api',
    path: (f) => `/v1/orders/${f.order1Id}/returns`,
    learnedOrder: true,
    cases: { wrongStore: 404, wrongChannel: 404, otherSubject: BY_LOCATION, storeAsAdmin: NOT_ADMIN },
  },

  // webhooks
  'webhooks POST /v1/webhooks/subscriptions': {
    kind: 'api',
    path: () => '/v1/webhooks/subscriptions',
    body: (f) => ({ channel: 'web', url: f.webhookUrl, eventTypes: ['order.shipped'] }),
    cases: {
      wrongStore: 403,
      wrongChannel: 403,
      otherSubject: na('a channel’s subscriptions are its own whoever the subject'),
      storeAsAdmin: NOT_ADMIN,
    },
  },
  'webhooks GET /v1/webhooks/subscriptions': {
    kind: 'api',
    path: () => '/v1/webhooks/subscriptions',
    cases: { ...SUBSCRIPTION_OWNED, wrongChannel: { hidden: (f) => [f.subscriptionId, f.webhookUrl] } },
  },
  'webhooks GET /v1/webhooks/subscriptions/:id': {
    kind: 'api',
    path: (f) => `/v1/webhooks/subscriptions/${f.subscriptionId}`,
    cases: SUBSCRIPTION_OWNED,
  },
  'webhooks DELETE /v1/webhooks/subscriptions/:id': {
    kind: 'api',
    path: (f) => `/v1/webhooks/subscriptions/${f.subscriptionId}`,
    cases: SUBSCRIPTION_OWNED,
  },
  'webhooks GET /v1/webhooks/subscriptions/:id/deliveries': {
    kind: 'api',
    path: (f) => `/v1/webhooks/subscriptions/${f.subscriptionId}/deliveries`,
    cases: SUBSCRIPTION_OWNED,
  },
  'webhooks POST /v1/webhooks/deliveries/:id/redeliver': {
    kind: 'api',
    path: (f) => `/v1/webhooks/deliveries/${f.deliveryId}/redeliver`,
    cases: SUBSCRIPTION_OWNED,
  },
};
