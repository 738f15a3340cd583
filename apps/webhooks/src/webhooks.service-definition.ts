import type { ServiceDefinition } from '@omni/bootstrap';
import { WebhooksModule } from './app.module';

export const webhooksService: ServiceDefinition = {
  service: 'webhooks',
  title: 'Webhooks',
  defaultPort: 3005,
  module: (config) => WebhooksModule.forRoot(config),
};
