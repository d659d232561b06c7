import { Module } from '@nestjs/common';

import { JobsModule } from '../../infrastructure/jobs/jobs.module.js';
import { CountriesModule } from '../../modules/countries/countries.module.js';
import { ReportsModule } from '../../modules/reports/reports.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { ReportsPagesController } from './reports-pages.controller.js';

@Module({
  imports: [WebLayoutModule, CountriesModule, ReportsModule, JobsModule],
  controllers: [ReportsPagesController],
})
export class ReportsPagesModule {}
