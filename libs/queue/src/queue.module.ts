import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { DEFAULT_JOB_OPTIONS, QueueName } from './jobs.js';
import { configureQueueBackend } from './queue-connection.js';

/** BullMQ on the configured backend, with every queue registered once for the whole app. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const queues = BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name })));
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            const { connection, prefix } = configureQueueBackend(config);
            return { connection: connection as never, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
          },
        }),
        queues,
      ],
      exports: [queues],
    };
  }
}
