import { Module } from '@nestjs/common';

import { TrainersController } from './trainers.controller.js';
import { TrainersRepository } from './trainers.repository.js';
import { TrainersService } from './trainers.service.js';

@Module({
  controllers: [TrainersController],
  providers: [TrainersService, TrainersRepository],
  exports: [TrainersService],
})
export class TrainersModule {}
