import { Module } from '@nestjs/common';

import { MessagesModule } from '../messages/index.js';
import { FollowUpLinksService } from './follow-up-links.service.js';
import { FollowUpTrackingService } from './follow-up-tracking.service.js';
import { FollowUpWavesService } from './follow-up-waves.service.js';

/**
 * Practice follow-up after a training: waves per course and versioned questions as data, personal
 * links, answers, opt-outs, and the messages written through the messages feature. Reads events,
 * courses and trainees through SQL on their tables; consent withdrawal reaches it through a
 * database trigger (see its migration). The worker adds FollowUpProcessor.
 */
@Module({
  imports: [MessagesModule],
  providers: [FollowUpLinksService, FollowUpTrackingService, FollowUpWavesService],
  exports: [FollowUpLinksService, FollowUpTrackingService, FollowUpWavesService],
})
export class FollowUpModule {}
