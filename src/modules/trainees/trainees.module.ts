import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { Trainee } from './trainee.entity.js';
import { TraineeExportService } from './trainee-export.service.js';
import { TraineesController } from './trainees.controller.js';
import { TraineesService } from './trainees.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Trainee])],
  controllers: [TraineesController],
  providers: [TraineesService, TraineeExportService],
  exports: [TraineesService],
})
export class TraineesModule {}
