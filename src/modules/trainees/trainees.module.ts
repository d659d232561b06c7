import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DuplicatesModule } from './duplicates/duplicates.module.js';
import { Trainee } from './trainee.entity.js';
import { TraineeExportService } from './trainee-export.service.js';
import { TraineesController } from './trainees.controller.js';
import { TraineesService } from './trainees.service.js';

/**
 * Trainee identity: the registry, and (nested, imported only here) the name key, the duplicate
 * detector, the officers' queue, merges and their undo. Other features import this module only.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Trainee]), DuplicatesModule],
  controllers: [TraineesController],
  providers: [TraineesService, TraineeExportService],
  exports: [TraineesService, DuplicatesModule],
})
export class TraineesModule {}
