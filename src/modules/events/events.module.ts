import { Module } from '@nestjs/common';

import { CertificatesModule } from '../certificates/certificates.module.js';
import { TraineesModule } from '../trainees/trainees.module.js';
import { EnrollmentsController } from './enrollments.controller.js';
import { EnrollmentsService } from './enrollments.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [CertificatesModule, TraineesModule],
  controllers: [EventsController, SessionsController, EnrollmentsController],
  providers: [EventsRepository, EventsService, SessionsService, EnrollmentsService],
  exports: [EventsService, SessionsService, EnrollmentsService],
})
export class EventsModule {}
