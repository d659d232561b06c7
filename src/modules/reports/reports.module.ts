import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { JobsModule } from '../../infrastructure/jobs/index.js';
import { UsersModule } from '../users/index.js';
import { CountryTarget } from './country-target.entity.js';
import { ExportsService } from './exports.service.js';
import { ReportExport } from './report-export.entity.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CountryTarget, ReportExport]), JobsModule, UsersModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ExportsService],
  exports: [ReportsService, ExportsService],
})
export class ReportsModule {}
