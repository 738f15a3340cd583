import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths as FulfilmentPaths } from './generated/fulfilment';
import type { paths as InventoryPaths } from './generated/inventory';
import type { paths as OrdersPaths } from './generated/orders';
import type { paths as ReturnsPaths } from './generated/returns';
import type { paths as WebhooksPaths, webhooks as WebhooksOut } from './generated/webhooks';

export type { FulfilmentPaths, InventoryPaths, OrdersPaths, ReturnsPaths, WebhooksPaths };

export interface OmniServices {
  inventory: Client<InventoryPaths>;
  orders: Client<OrdersPaths>;
  fulfilment: Client<FulfilmentPaths>;
  returns: Client<ReturnsPaths>;
  webhooks: Client<WebhooksPaths>;
}

export type ServiceName = keyof OmniServices;

/** A webhook type a subscription may ask for (`order.ready-for-pickup`, ...). */
export type WebhookType = keyof WebhooksOut;

/** The body the webhooks service POSTs to a subscribed URL for a webhook of type `T`, as its document declares it. */
export type WebhookPayload<T extends WebhookType = WebhookType> = {
  [K in T]: WebhooksOut[K]['post']['requestBody']['content']['application/json'];
}[T];

export interface OmniClientOptions<S extends ServiceName = ServiceName> {
  /** The base URL of each service the client calls, e.g. `{ inventory: 'http://127.0.0.1:3001', ... }`. */
  baseUrls: Record<S, string>;
  /** A bearer token (`npm run token`), or a function giving the current one (refreshed tokens). */
  token: string | (() => string | Promise<string>);
  /** Runs on every request and response of every service (logging, checks, retries). */
  middleware?: Middleware[];
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: ClientOptions['fetch'];
}

/**
 * A typed client of the services named in `baseUrls`, made from their OpenAPI documents: each path,
 * parameter, body and answer (problems included) is typed as the service declares it, e.g.
 *
 *     const omni = createOmniClient({ baseUrls, token });
 *     const { data, error, response } = await omni.inventory.POST('/v1/holds', { body: { channel: 'web', lines } });
 *
 * `data` is the success answer, `error` the problem+json answer, `response` the raw Response.
 */
export function createOmniClient<S extends ServiceName>({
  baseUrls,
  token,
  middleware = [],
  fetch,
}: OmniClientOptions<S>): Pick<OmniServices, S> {
  const auth: Middleware = {
    async onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
      return request;
    },
  };
  const clients: Partial<Record<ServiceName, Client<object>>> = {};
  for (const [service, baseUrl] of Object.entries<string>(baseUrls)) {
    const client = createClient<object>({ baseUrl, ...(fetch ? { fetch } : {}) });
    client.use(auth, ...middleware);
    clients[service as ServiceName] = client;
  }
  // Each client is openapi-fetch's, typed by the paths of the service it was made for.
  return clients as unknown as Pick<OmniServices, S>;
}
