import { Module } from '@nestjs/common';

import { CountriesModule } from '../../modules/countries/countries.module.js';
import { DuplicatesModule } from '../../modules/duplicates/duplicates.module.js';
import { ImportsModule } from '../../modules/imports/imports.module.js';
import { JobsModule } from '../../modules/jobs/jobs.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { RegistryPagesController } from './registry-pages.controller.js';

@Module({
  imports: [WebLayoutModule, CountriesModule, ImportsModule, DuplicatesModule, JobsModule],
  controllers: [RegistryPagesController],
})
export class RegistryPagesModule {}
