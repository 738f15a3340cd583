import type { ServiceDefinition } from '@omni/bootstrap';
import { FulfilmentModule } from './app.module';

export const fulfilmentService: ServiceDefinition = {
  service: 'fulfilment',
  title: 'Fulfilment',
  defaultPort: 3003,
  module: (config) => FulfilmentModule.forRoot(config),
};
