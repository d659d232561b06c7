import { Module } from '@nestjs/common';

import { FeedbackLinksService } from './feedback-links.service.js';
import { FeedbackResultsService } from './feedback-results.service.js';

/**
 * Trainees' feedback at the end of an event: personal links, answers, results. Reads events,
 * courses and trainees through SQL on their tables and the event_teachers view; nothing imports it
 * but the pages, and consent withdrawal reaches it through a database trigger (see its migration).
 */
@Module({
  providers: [FeedbackLinksService, FeedbackResultsService],
  exports: [FeedbackLinksService, FeedbackResultsService],
})
export class FeedbackModule {}
