export * from './test-service';
export * from './event-reader';
export * from './broker-control';
export * from './api-client';
export * from './event-fixtures';
export * from './start-services';
