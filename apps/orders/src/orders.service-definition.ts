import type { ServiceDefinition } from '@omni/bootstrap';
import { AppModule } from './app.module';

export const ordersService: ServiceDefinition = {
  service: 'orders',
  title: 'Orders',
  defaultPort: 3002,
  module: (config) => AppModule.forRoot(config),
};
