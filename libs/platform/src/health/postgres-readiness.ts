import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadinessRegistry } from './readiness.registry';

/** Registers the service's own database as a readiness check. */
@Injectable()
export class PostgresReadiness implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }
}
