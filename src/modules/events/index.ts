/**
 * Events: training events, their sessions, trainers and enrollments.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { Enrollment, EnrollmentStatus } from './enrollment.entity.js';
export { EnrollmentsService } from './enrollments.service.js';
export { enrolledAmong, type EventAccess, loadEventAccess, recordingOpen } from './event-access.js';
export { EventsModule } from './events.module.js';
export { EventsService } from './events.service.js';
export { SessionsService } from './sessions.service.js';
export { EventStatus, TrainingEvent } from './training-event.entity.js';
export { TrainingSession } from './training-session.entity.js';
