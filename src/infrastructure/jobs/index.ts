/**
 * Jobs: the one door to the queues for features (enqueue, status of a job).
 * The feature's public face: other features import from this file only, never its other files.
 */
export { JobAcceptedResponseDto } from './dto/job-accepted.response.dto.js';
export { JobsModule } from './jobs.module.js';
export { JobsService } from './jobs.service.js';
