import { Module } from '@nestjs/common';

import { CountriesModule } from '../../modules/countries/index.js';
import { TrainersModule } from '../../modules/trainers/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { CertificationProgramController } from './certification-program.controller.js';
import { MyCertificationController } from './my-certification.controller.js';
import { TrainerCertificationController } from './trainer-certification.controller.js';

/**
 * The officer's trainer pages: trainers and their certification, and each country's requirement list;
 * and a trainer's own certification.
 */
@Module({
  imports: [WebLayoutModule, TrainersModule, CountriesModule],
  controllers: [TrainerCertificationController, CertificationProgramController, MyCertificationController],
})
export class TrainerCertificationPagesModule {}
