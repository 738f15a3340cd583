import type { ServiceDefinition } from '@omni/bootstrap';
import { OrdersModule } from './app.module';

export const ordersService: ServiceDefinition = {
  service: 'orders',
  title: 'Orders',
  defaultPort: 3002,
  module: (config) => OrdersModule.forRoot(config),
};
