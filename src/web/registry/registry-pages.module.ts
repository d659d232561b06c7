import { Module } from '@nestjs/common';

import { JobsModule } from '../../infrastructure/jobs/jobs.module.js';
import { CountriesModule } from '../../modules/countries/countries.module.js';
import { ImportsModule } from '../../modules/imports/imports.module.js';
import { TraineeRecordsModule } from '../../modules/trainee-records/index.js';
import { TraineesModule } from '../../modules/trainees/trainees.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { ImportPagesController } from './import-pages.controller.js';
import { RegistryPagesController } from './registry-pages.controller.js';

@Module({
  imports: [WebLayoutModule, CountriesModule, ImportsModule, TraineesModule, TraineeRecordsModule, JobsModule],
  controllers: [ImportPagesController, RegistryPagesController],
})
export class RegistryPagesModule {}
