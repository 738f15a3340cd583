export * from './omni-client';
export type * as inventory from './generated/inventory';
export type * as orders from './generated/orders';
export type * as fulfilment from './generated/fulfilment';
export type * as returns from './generated/returns';
export type * as webhooks from './generated/webhooks';
