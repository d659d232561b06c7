import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { Trainee } from './trainee.entity.js';
import { TraineesController } from './trainees.controller.js';
import { TraineesService } from './trainees.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Trainee])],
  controllers: [TraineesController],
  providers: [TraineesService],
  exports: [TraineesService],
})
export class TraineesModule {}
