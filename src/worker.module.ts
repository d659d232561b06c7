import { type DynamicModule, Module } from '@nestjs/common';

import type { AppConfig } from '@cascade/config';

import { CoreModule } from './core.module.js';
import { WorkerMetricsModule } from './infrastructure/metrics/index.js';
import { SystemModule } from './infrastructure/system/system.module.js';
import { SystemProcessor } from './infrastructure/system/system.processor.js';
import { CertificatesModule } from './modules/certificates/certificates.module.js';
import { CertificatesProcessor } from './modules/certificates/certificates.processor.js';
import { FollowUpModule, FollowUpProcessor } from './modules/follow-up/index.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { ImportsProcessor } from './modules/imports/imports.processor.js';
import { MessagesModule, MessagesProcessor } from './modules/messages/index.js';
import { ExportsProcessor } from './modules/reports/exports.processor.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { DuplicatesProcessor, TraineesModule } from './modules/trainees/index.js';

/** The worker: the same core and feature services, plus the queue processors, and no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config),
        SystemModule,
        CertificatesModule,
        ReportsModule,
        ImportsModule,
        TraineesModule,
        MessagesModule,
        FollowUpModule,
        WorkerMetricsModule,
      ],
      providers: [
        SystemProcessor,
        CertificatesProcessor,
        ExportsProcessor,
        ImportsProcessor,
        DuplicatesProcessor,
        MessagesProcessor,
        FollowUpProcessor,
      ],
    };
  }
}
