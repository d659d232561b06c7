import { Module } from '@nestjs/common';

import { EventsModule } from '../../modules/events/index.js';
import { TraineeRecordsModule } from '../../modules/trainee-records/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { AttendanceSheetsController } from './attendance-sheets.controller.js';

/** Sign-in sheets (PDF) and the attendance summary (page, XLSX) of an event. */
@Module({
  imports: [WebLayoutModule, EventsModule, TraineeRecordsModule],
  controllers: [AttendanceSheetsController],
})
export class AttendanceSheetsModule {}
