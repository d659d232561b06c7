import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';

import { type AppConfig, ConfigModule } from '@cascade/config';
import { QueueModule } from '@cascade/queue';

import { dataSourceOptions } from './data-source.js';
import { loggerOptions } from './logging.js';

/** What both processes share: configuration, logging, the database and the queues. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: loggerOptions(config.env),
          // No middleware: the API logs its requests from a Fastify hook (logRequests).
          forRoutes: [],
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1_000 }),
        QueueModule.forRoot(),
      ],
    };
  }
}
