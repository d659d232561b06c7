import { Module } from '@nestjs/common';

import { CountriesModule } from '../../modules/countries/countries.module.js';
import { ReportsModule } from '../../modules/reports/reports.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { DonorPagesController } from './donor-pages.controller.js';

@Module({
  imports: [WebLayoutModule, CountriesModule, ReportsModule],
  controllers: [DonorPagesController],
})
export class DonorPagesModule {}
