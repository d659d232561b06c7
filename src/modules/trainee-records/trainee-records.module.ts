import { Module } from '@nestjs/common';

import { EventsModule } from '../events/index.js';
import { TraineesModule } from '../trainees/index.js';
import { TraineeRecordsRepository } from './trainee-records.repository.js';
import { TraineeRecordsService } from './trainee-records.service.js';

/** Reading across features what one trainee did, and who came to an event's sessions. */
@Module({
  imports: [EventsModule, TraineesModule],
  providers: [TraineeRecordsService, TraineeRecordsRepository],
  exports: [TraineeRecordsService],
})
export class TraineeRecordsModule {}
