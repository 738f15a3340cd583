export * from './topics';
export * from './envelope';
export * from './event-definition';
export * from './validate-event';
export * from './asyncapi';
export * from './events';
export * from './address.dto';
