import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
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
          // The default pattern matches no route on Nest 12 with Fastify, silencing request logs.
          forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1_000 }),
        QueueModule.forRoot(),
      ],
    };
  }
}
