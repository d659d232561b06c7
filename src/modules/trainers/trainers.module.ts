import { Module } from '@nestjs/common';

import { CertificationController } from './certification/certification.controller.js';
import { CertificationRepository } from './certification/certification.repository.js';
import { CertificationService } from './certification/certification.service.js';
import { TrainersController } from './trainers.controller.js';
import { TrainersRepository } from './trainers.repository.js';
import { TrainersService } from './trainers.service.js';

@Module({
  controllers: [TrainersController, CertificationController],
  providers: [TrainersService, TrainersRepository, CertificationService, CertificationRepository],
  exports: [TrainersService, CertificationService],
})
export class TrainersModule {}
