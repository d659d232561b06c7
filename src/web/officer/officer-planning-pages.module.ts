import { Module } from '@nestjs/common';

import { CountriesModule } from '../../modules/countries/countries.module.js';
import { CoursesModule } from '../../modules/courses/courses.module.js';
import { EventsModule } from '../../modules/events/events.module.js';
import { ReferenceModule } from '../../modules/reference/reference.module.js';
import { ReportsModule } from '../../modules/reports/reports.module.js';
import { TraineeRecordsModule } from '../../modules/trainee-records/index.js';
import { TraineesModule } from '../../modules/trainees/trainees.module.js';
import { TrainersModule } from '../../modules/trainers/trainers.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { OfficerChoices } from './officer-choices.js';
import { OfficerDashboardController } from './officer-dashboard.controller.js';
import { OfficerEnrolController } from './officer-enrol.controller.js';
import { OfficerEventController } from './officer-event.controller.js';
import { OfficerEventFormController } from './officer-event-form.controller.js';
import { OfficerEventsController } from './officer-events.controller.js';

/** The officer's planning pages: the country dashboard, courses, events and enrolment. */
@Module({
  imports: [
    WebLayoutModule,
    CountriesModule,
    CoursesModule,
    EventsModule,
    ReferenceModule,
    ReportsModule,
    TraineesModule,
    TraineeRecordsModule,
    TrainersModule,
  ],
  controllers: [
    OfficerDashboardController,
    OfficerEventsController,
    OfficerEventFormController,
    OfficerEventController,
    OfficerEnrolController,
  ],
  providers: [OfficerChoices],
})
export class OfficerPlanningPagesModule {}
