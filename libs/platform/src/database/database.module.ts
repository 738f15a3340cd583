import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { MigrationRunner } from './migration-runner';
import { TransactionHost } from './transaction-host';
import { DATABASE_OPTIONS, schemaFor, type DatabaseModuleOptions } from './database-options';

/** One schema per service; migrations run once at start under an advisory lock, never synchronize. */
@Global()
@Module({})
export class DatabaseModule {
  static forService(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            type: 'postgres',
            url: config.DATABASE_URL,
            schema: schemaFor(options.schema, config),
            entities: options.entities,
            migrations: options.migrations,
            migrationsTableName: 'migrations',
            migrationsRun: false,
            synchronize: false,
            extra: { max: options.poolSize ?? 20, options: `-c search_path=${schemaFor(options.schema, config)}` },
          }),
        }),
      ],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, TransactionHost, MigrationRunner],
      exports: [TransactionHost, DATABASE_OPTIONS],
    };
  }
}

