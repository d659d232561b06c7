import { Module } from '@nestjs/common';

import { CertificatesModule } from '../certificates/certificates.module.js';
import { AssessmentsService } from './assessments.service.js';
import { AttendanceController } from './attendance.controller.js';
import { AttendanceService } from './attendance.service.js';

@Module({
  imports: [CertificatesModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, AssessmentsService],
  exports: [AttendanceService, AssessmentsService],
})
export class AttendanceModule {}
