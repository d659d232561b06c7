import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DuplicatesModule } from '../duplicates/duplicates.module.js';
import { Trainee } from './trainee.entity.js';
import { TraineeExportService } from './trainee-export.service.js';
import { TraineesController } from './trainees.controller.js';
import { TraineesService } from './trainees.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Trainee]), DuplicatesModule],
  controllers: [TraineesController],
  providers: [TraineesService, TraineeExportService],
  exports: [TraineesService],
})
export class TraineesModule {}
