import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { APP_CONFIG, type AppConfig } from '@cascade/config';
import type { Locale } from '@cascade/i18n';

import { CertificatePdfRenderer } from './certificate-pdf.js';
import { localizedText } from './certificate-view.js';
import { CertificatesRepository, type EnrolleeRow, type EventForCompletion } from './certificates.repository.js';

/** What one drawing of a certificate is about: the code and dates it prints. */
export interface CertificateFacts {
  locale: Locale;
  code: string;
  issuedAt: Date;
  expiresAt: Date | null;
}

/**
 * Gathers what a certificate prints — the trainee, the event, its course, the country's issuer —
 * and draws it. Shared by the completion run (issue) and the officer's reissue.
 */
@Injectable()
export class CertificateDrawing {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: CertificatesRepository,
    private readonly renderer: CertificatePdfRenderer,
  ) {}

  async draw(
    manager: EntityManager,
    event: EventForCompletion,
    enrollee: EnrolleeRow,
    facts: CertificateFacts,
  ): Promise<Buffer> {
    const { locale } = facts;
    return this.renderer.render({
      locale,
      traineeName: enrollee.fullName,
      sex: enrollee.sex,
      courseTitle: localizedText(event.courseTitles, locale),
      courseHours: event.courseHours,
      startDate: event.startDate,
      endDate: event.endDate,
      venue: event.venue,
      countryName: localizedText(event.countryNames, locale),
      issuer: await this.repository.issuer(event.countryCode, manager),
      issuedAt: facts.issuedAt,
      expiresAt: facts.expiresAt,
      code: facts.code,
      verifyUrl: verifyUrl(this.config, facts.code),
    });
  }
}

/** The public page a certificate's QR code opens. */
export function verifyUrl(config: AppConfig, code: string): string {
  return `${config.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/verify/${code}`;
}
