import type { ServiceDefinition } from '@omni/bootstrap';
import { ReturnsModule } from './app.module';

export const returnsService: ServiceDefinition = {
  service: 'returns',
  title: 'Returns',
  defaultPort: 3004,
  module: (config) => ReturnsModule.forRoot(config),
};
