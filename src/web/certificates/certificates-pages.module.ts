import { Module } from '@nestjs/common';

import { CertificatesModule } from '../../modules/certificates/index.js';
import { CountriesModule } from '../../modules/countries/index.js';
import { CoursesModule } from '../../modules/courses/index.js';
import { TraineesModule } from '../../modules/trainees/index.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { CertificateController } from './certificate.controller.js';
import { CertificateExpiryController } from './certificate-expiry.controller.js';
import { CertificateIssuerController } from './certificate-issuer.controller.js';
import { CertificateRegisterController } from './certificate-register.controller.js';
import { EventCertificatesController } from './event-certificates.controller.js';

/** The officer's certificate pages: an event's outcomes and certificates, one certificate, the country register, the issuer. */
@Module({
  imports: [WebLayoutModule, CertificatesModule, CountriesModule, CoursesModule, TraineesModule],
  controllers: [
    EventCertificatesController,
    CertificateController,
    CertificateRegisterController,
    CertificateIssuerController,
    CertificateExpiryController,
  ],
})
export class CertificatesPagesModule {}
