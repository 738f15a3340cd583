export * from './test-service';
export * from './event-reader';
export * from './broker-control';
