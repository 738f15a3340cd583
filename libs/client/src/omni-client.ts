import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths as FulfilmentPaths } from './generated/fulfilment';
import type { paths as InventoryPaths } from './generated/inventory';
import type { paths as OrdersPaths } from './generated/orders';
import type { paths as ReturnsPaths } from './generated/returns';

export type { FulfilmentPaths, InventoryPaths, OrdersPaths, ReturnsPaths };

export interface OmniServices {
  inventory: Client<InventoryPaths>;
  orders: Client<OrdersPaths>;
  fulfilment: Client<FulfilmentPaths>;
  returns: Client<ReturnsPaths>;
}

export type ServiceName = keyof OmniServices;

export interface OmniClientOptions {
  /** Each service's base URL, e.g. `{ inventory: 'http://127.0.0.1:3001', ... }`. */
  baseUrls: Record<ServiceName, string>;
  /** A bearer token (`npm run token`), or a function giving the current one (refreshed tokens). */
  token: string | (() => string | Promise<string>);
  /** Runs on every request and response of every service (logging, checks, retries). */
  middleware?: Middleware[];
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: ClientOptions['fetch'];
}

/**
 * A typed client of the four services, made from their OpenAPI documents: each path, parameter, body
 * and answer (problems included) is typed as the service declares it, e.g.
 *
 *     const omni = createOmniClient({ baseUrls, token });
 *     const { data, error, response } = await omni.inventory.POST('/v1/holds', { body: { channel: 'web', lines } });
 *
 * `data` is the success answer, `error` the problem+json answer, `response` the raw Response.
 */
export function createOmniClient({ baseUrls, token, middleware = [], fetch }: OmniClientOptions): OmniServices {
  const auth: Middleware = {
    async onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
      return request;
    },
  };
  const make = <P extends object>(service: ServiceName): Client<P> => {
    const client = createClient<P>({ baseUrl: baseUrls[service], ...(fetch ? { fetch } : {}) });
    client.use(auth, ...middleware);
    return client;
  };
  return {
    inventory: make<InventoryPaths>('inventory'),
    orders: make<OrdersPaths>('orders'),
    fulfilment: make<FulfilmentPaths>('fulfilment'),
    returns: make<ReturnsPaths>('returns'),
  };
}
