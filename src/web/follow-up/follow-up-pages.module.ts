import { Module } from '@nestjs/common';

import { FollowUpModule } from '../../modules/follow-up/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { OfficerFollowUpController } from './officer-follow-up.controller.js';
import { TraineeFollowUpController } from './trainee-follow-up.controller.js';
import { TrainerFollowUpController } from './trainer-follow-up.controller.js';

@Module({
  imports: [WebLayoutModule, FollowUpModule],
  controllers: [TraineeFollowUpController, OfficerFollowUpController, TrainerFollowUpController],
})
export class FollowUpPagesModule {}
