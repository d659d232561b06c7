import { Module } from '@nestjs/common';

import { AttendanceSheetsModule } from './attendance-sheets/attendance-sheets.module.js';
import { AuthPagesModule } from './auth/auth-pages.module.js';
import { CertificatesPagesModule } from './certificates/certificates-pages.module.js';
import { DonorPagesModule } from './donor/donor-pages.module.js';
import { FeedbackPagesModule } from './feedback/feedback-pages.module.js';
import { FollowUpPagesModule } from './follow-up/follow-up-pages.module.js';
import { WebLayoutModule } from './layout/web-layout.module.js';
import { MessagesPagesModule } from './messages/messages-pages.module.js';
import { OfficerPlanningPagesModule } from './officer/officer-planning-pages.module.js';
import { RegistryPagesModule } from './registry/registry-pages.module.js';
import { ReportsPagesModule } from './reports/reports-pages.module.js';
import { TraineePagesModule } from './trainees/trainee-pages.module.js';
import { TrainerPagesModule } from './trainer/trainer-pages.module.js';
import { TrainerCertificationPagesModule } from './trainers/trainer-certification-pages.module.js';
import { VerifyPageModule } from './verify/verify-page.module.js';

/** The server-rendered pages, one module per area (see README.md). */
@Module({
  imports: [
    WebLayoutModule,
    AuthPagesModule,
    TrainerPagesModule,
    VerifyPageModule,
    DonorPagesModule,
    ReportsPagesModule,
    RegistryPagesModule,
    OfficerPlanningPagesModule,
    CertificatesPagesModule,
    TraineePagesModule,
    AttendanceSheetsModule,
    TrainerCertificationPagesModule,
    MessagesPagesModule,
    FeedbackPagesModule,
    FollowUpPagesModule,
  ],
})
export class WebModule {}
