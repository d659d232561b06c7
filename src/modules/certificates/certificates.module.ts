import { Module } from '@nestjs/common';

import { JobsModule } from '../../infrastructure/jobs/index.js';
import { MessagesModule } from '../messages/index.js';
import { CertificateArchiveService } from './certificate-archive.service.js';
import { CertificateDrawing } from './certificate-drawing.js';
import { CertificateIssuersService } from './certificate-issuers.service.js';
import { CertificatePdfRenderer } from './certificate-pdf.js';
import { CertificateRegisterService } from './certificate-register.service.js';
import { CertificateRemindersService } from './certificate-reminders.service.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';
import { CompletionService } from './completion.service.js';
import { ExpiringCertificatesService } from './expiring-certificates.service.js';

/**
 * Completion and certificates: the services, for the worker and for the feature modules that
 * start a completion run (attendance, events). It imports no other feature module — it reads
 * their tables — so importing it never makes a cycle.
 */
@Module({
  imports: [JobsModule, MessagesModule],
  providers: [
    CertificatesRepository,
    CertificatesService,
    CompletionService,
    CertificatePdfRenderer,
    CertificateDrawing,
    CertificateArchiveService,
    CertificateRegisterService,
    CertificateIssuersService,
    CertificateRemindersService,
    ExpiringCertificatesService,
  ],
  exports: [
    CertificatesService,
    CompletionService,
    CertificateArchiveService,
    CertificateRegisterService,
    CertificateIssuersService,
    CertificateRemindersService,
    ExpiringCertificatesService,
  ],
})
export class CertificatesModule {}

/**
 * The certificates routes, in the API only. The public check of a code (GET /verify/:code, JSON or
 * a page) lives with the web pages, in src/web/verify.
 */
@Module({
  imports: [CertificatesModule],
  controllers: [CertificatesController],
})
export class CertificatesApiModule {}
