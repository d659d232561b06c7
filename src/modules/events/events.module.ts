import { Module } from '@nestjs/common';

import { JobsModule } from '../../infrastructure/jobs/index.js';
import { EnrollmentsController } from './enrollments.controller.js';
import { EnrollmentsService } from './enrollments.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';

/**
 * Events, their sessions and enrollments. Completing an event starts the completion job through
 * the jobs service: certificates depend on events, never the reverse.
 */
@Module({
  imports: [JobsModule],
  controllers: [EventsController, SessionsController, EnrollmentsController],
  providers: [EventsRepository, EventsService, SessionsService, EnrollmentsService],
  exports: [EventsService, SessionsService, EnrollmentsService],
})
export class EventsModule {}
