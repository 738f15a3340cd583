// One file per publishing service; each declares its events with defineEvent().
export * from './inventory.events';
export * from './orders.events';
export * from './fulfilment.events';
export * from './returns.events';
export * from './inventory.changelog';
