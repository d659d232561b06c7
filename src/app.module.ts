import { type DynamicModule, Module } from '@nestjs/common';

import type { AppConfig } from '@cascade/config';
import { QueueReadiness } from '@cascade/queue';

import { CoreModule } from './core.module.js';
import { HealthModule } from './infrastructure/health/health.module.js';
import { JobsModule } from './infrastructure/jobs/jobs.module.js';
import { MetricsModule } from './infrastructure/metrics/index.js';
import { SystemModule } from './infrastructure/system/system.module.js';
import { AttendanceModule } from './modules/attendance/attendance.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CertificatesApiModule } from './modules/certificates/certificates.module.js';
import { CountriesModule } from './modules/countries/countries.module.js';
import { CoursesModule } from './modules/courses/courses.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { ReferenceModule } from './modules/reference/reference.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { TraineesModule } from './modules/trainees/trainees.module.js';
import { TrainersModule } from './modules/trainers/trainers.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { WebModule } from './web/web.module.js';

/** The HTTP API and the web pages: every feature module with its controllers, no queue processors. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        AuthModule,
        UsersModule,
        AuditModule,
        HealthModule,
        MetricsModule,
        CountriesModule,
        ReferenceModule,
        AttendanceModule,
        TrainersModule,
        CoursesModule,
        EventsModule,
        CertificatesApiModule,
        JobsModule,
        SystemModule,
        TraineesModule,
        ReportsModule,
        ImportsModule,
        WebModule,
      ],
      // The API answers only once its queues are ready (see QueueReadiness); the worker's own
      // Workers wait for theirs as they start.
      providers: [QueueReadiness],
    };
  }
}
