import { Module } from '@nestjs/common';

import { EventsModule } from '../../modules/events/index.js';
import { FeedbackModule } from '../../modules/feedback/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { FeedbackResultsPagesController } from './feedback-results-pages.controller.js';
import { TraineeFeedbackController } from './trainee-feedback.controller.js';

@Module({
  imports: [WebLayoutModule, EventsModule, FeedbackModule],
  controllers: [TraineeFeedbackController, FeedbackResultsPagesController],
})
export class FeedbackPagesModule {}
