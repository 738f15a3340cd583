import type { ServiceDefinition } from '@omni/bootstrap';
import { InventoryModule } from './app.module';

export const inventoryService: ServiceDefinition = {
  service: 'inventory',
  title: 'Inventory',
  defaultPort: 3001,
  module: (config) => InventoryModule.forRoot(config),
};
