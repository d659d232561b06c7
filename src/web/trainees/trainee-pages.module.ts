import { Module } from '@nestjs/common';

import { CountriesModule } from '../../modules/countries/index.js';
import { CoursesModule } from '../../modules/courses/index.js';
import { ReferenceModule } from '../../modules/reference/index.js';
import { TraineeRecordsModule } from '../../modules/trainee-records/index.js';
import { TraineesModule } from '../../modules/trainees/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { TraineeChoices } from './trainee-choices.js';
import { TraineeListController } from './trainee-list.controller.js';
import { TraineeProfileController } from './trainee-profile.controller.js';

/** The officer's trainee records: the list, a profile, its edit form and consent withdrawal. */
@Module({
  imports: [WebLayoutModule, CountriesModule, CoursesModule, ReferenceModule, TraineesModule, TraineeRecordsModule],
  controllers: [TraineeListController, TraineeProfileController],
  providers: [TraineeChoices],
})
export class TraineePagesModule {}
