import { Module } from '@nestjs/common';

import { JobsModule } from '../jobs/jobs.module.js';
import { CertificatePdfRenderer } from './certificate-pdf.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';
import { CompletionService } from './completion.service.js';
import { VerifyController } from './verify.controller.js';

/**
 * Completion and certificates: the services, for the worker and for the feature modules that
 * start a completion run (attendance, events). It imports no other feature module — it reads
 * their tables — so importing it never makes a cycle.
 */
@Module({
  imports: [JobsModule],
  providers: [CertificatesRepository, CertificatesService, CompletionService, CertificatePdfRenderer],
  exports: [CertificatesService, CompletionService],
})
export class CertificatesModule {}

/**
 * The certificates routes, in the API only: the public verify route's rate limit needs the
 * throttler, which the worker does not have.
 */
@Module({
  imports: [CertificatesModule],
  controllers: [CertificatesController, VerifyController],
})
export class CertificatesApiModule {}
