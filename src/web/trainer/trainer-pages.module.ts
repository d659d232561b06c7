import { Module } from '@nestjs/common';

import { AttendanceModule } from '../../modules/attendance/attendance.module.js';
import { EventsModule } from '../../modules/events/events.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { TrainerPagesController } from './trainer-pages.controller.js';

@Module({
  imports: [WebLayoutModule, EventsModule, AttendanceModule],
  controllers: [TrainerPagesController],
})
export class TrainerPagesModule {}
