import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { metricsRegistry } from './metrics.registry';

/**
 * Prometheus scrapes with an admin bearer token (README "Limits and management endpoints"): the
 * figures name consumers, topics and volumes, which are no business of a store or a channel.
 * Health stays open (probes carry no token); see HealthController.
 */
@ApiExcludeController()
@Roles('admin')
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
