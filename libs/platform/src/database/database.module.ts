import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { MigrationRunner } from './migration-runner';
import { StatementCounter } from './statement-counter';
import { TransactionHost } from './transaction-host';
import { DATABASE_OPTIONS, poolOptions, schemaFor, type DatabaseModuleOptions } from './database-options';

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
          useFactory: (config: AppConfig) => {
            const schema = schemaFor(options.schema, config);
            return {
              type: 'postgres',
              url: config.DATABASE_URL,
              schema,
              entities: options.entities,
              migrations: options.migrations,
              migrationsTableName: 'migrations',
              migrationsRun: false,
              synchronize: false,
              extra: poolOptions(options, schema, config),
              logger: new StatementCounter(),
            };
          },
        }),
      ],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, TransactionHost, MigrationRunner],
      exports: [TransactionHost, DATABASE_OPTIONS],
    };
  }
}
