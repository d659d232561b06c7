import { Module } from '@nestjs/common';

import { EventsModule } from '../../modules/events/index.js';
import { FeedbackModule } from '../../modules/feedback/index.js';
import { TraineeRecordsModule } from '../../modules/trainee-records/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { AttendanceSheetsController } from './attendance-sheets.controller.js';

/** Sign-in sheets (PDF; the last session's with feedback codes) and the attendance summary (page, XLSX) of an event. */
@Module({
  imports: [WebLayoutModule, EventsModule, TraineeRecordsModule, FeedbackModule],
  controllers: [AttendanceSheetsController],
})
export class AttendanceSheetsModule {}
