import { Module } from '@nestjs/common';

import { JobsModule } from '../../infrastructure/jobs/index.js';
import { UsersModule } from '../users/index.js';
import { AssessmentsService } from './assessments.service.js';
import { AttendanceController } from './attendance.controller.js';
import { AttendanceService } from './attendance.service.js';

/**
 * Attendance marks and test scores. A changed post score at a completed event starts the completion
 * job again through the jobs service: attendance never imports certificates.
 */
@Module({
  imports: [JobsModule, UsersModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, AssessmentsService],
  exports: [AttendanceService, AssessmentsService],
})
export class AttendanceModule {}
