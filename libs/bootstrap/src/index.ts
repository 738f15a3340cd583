export * from './create-service-app';
export * from './run-service';
export * from './foundation-modules';
export * from './worker-supervisor';
export * from './service-openapi';
