import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';
import { JobName, type QueueName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/index.js';
import { type EventAccess, EventStatus, loadEventAccess } from '../events/index.js';
import { Certificate } from './certificate.entity.js';
import { generateCertificateCode, normalizeCertificateCode } from './certificate-code.js';
import { isoDay } from './certificate-dates.js';
import { CertificateDrawing } from './certificate-drawing.js';
import { attendancePercent, type OutcomeReason, outcomeReasons } from './certificate-outcomes.js';
import { restoreRenewedCertificates } from './certificate-renewal.js';
import { certificateLocale, certificateStatus, localizedText } from './certificate-view.js';
import {
  type CertificateRow,
  CertificatesRepository,
  type EnrolleeRow,
  type EventForCompletion,
} from './certificates.repository.js';
import { CertificatesErrorCode } from './certificates-error-code.js';
import type { CompletionRules } from './completion-rules.js';
import type { CertificateVerificationDto } from './dto/certificate.dto.js';
import { ReplacedCertificateCode } from './replaced-certificate-code.entity.js';

/** An event's enrollees with their outcomes, as the officer's certificates page shows them. */
export interface EventOutcomes {
  event: EventForCompletion;
  rules: CompletionRules;
  enrollees: (EnrolleeRow & {
    attendancePercent: number;
    reasons: OutcomeReason[];
    certificate: CertificateRow | null;
  })[];
}

export interface StartedJob {
  queue: QueueName;
  jobId: string;
}

/**
 * Completion and certificates: starting the completion job, listing, downloading, revoking,
 * and the public check of a code. The job itself runs in CompletionService, in the worker.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CertificatesRepository,
    private readonly jobs: JobsService,
    private readonly drawing: CertificateDrawing,
  ) {}

  /**
   * Starts deciding completion and issuing certificates for a completed event. Events and attendance
   * start the same job themselves, through the jobs service, without importing this feature.
   */
  async requestCompletion(user: AuthUser, eventId: string): Promise<StartedJob> {
    const event = await this.scopedEvent(user, Permission.CertificatesManage, eventId);
    if (event.status !== EventStatus.Completed) {
      throw new AppException(HttpStatus.CONFLICT, CertificatesErrorCode.EventNotCompleted);
    }
    return this.enqueue(eventId, user.id);
  }

  /** Starts the completion run for an event already saved as completed (the demo's seeding). */
  eventCompleted(eventId: string, completedBy: string): Promise<StartedJob> {
    return this.enqueue(eventId, completedBy);
  }

  async listForEvent(user: AuthUser, eventId: string): Promise<CertificateRow[]> {
    await this.scopedEvent(user, Permission.CertificatesRead, eventId);
    return this.repository.listForEvent(eventId);
  }

  /** One certificate with the event it was issued at. */
  async get(user: AuthUser, id: string): Promise<CertificateRow & { eventId: string }> {
    const scope = await this.scopedCertificate(user, Permission.CertificatesRead, id);
    const row = await this.repository.certificate(id);
    if (!row) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    return { ...row, eventId: scope.eventId };
  }

  /** The PDF exactly as issued. */
  async pdf(user: AuthUser, id: string): Promise<{ code: string; pdf: Buffer }> {
    await this.scopedCertificate(user, Permission.CertificatesRead, id);
    const stored = await this.repository.pdf(id);
    if (!stored) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    return stored;
  }

  /** Revokes a certificate for good (audited); the training stays completed. */
  async revoke(user: AuthUser, id: string, reason: string): Promise<CertificateRow> {
    return this.dataSource.transaction(async (manager) => {
      await this.scopedCertificate(user, Permission.CertificatesManage, id, manager);
      const certificate = await manager.findOne(Certificate, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!certificate) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      if (certificate.revokedAt) {
        throw new AppException(HttpStatus.CONFLICT, CertificatesErrorCode.CertificateAlreadyRevoked);
      }
      Object.assign(certificate, { revokedAt: new Date(), revokedReason: reason, revokedById: user.id });
      await manager.save(certificate);
      await restoreRenewedCertificates(manager, id);
      return (await this.repository.certificate(id, manager)) as CertificateRow;
    });
  }

  /**
   * Every enrollee of an event with their outcome — completed, or the reasons not — the facts
   * behind it, and their certificate if any. For officers and the event's trainers.
   */
  async outcomes(user: AuthUser, eventId: string): Promise<EventOutcomes> {
    await this.scopedEvent(user, Permission.CertificatesRead, eventId);
    const event = (await this.repository.eventForCompletion(eventId)) as EventForCompletion;
    const rules: CompletionRules = {
      minAttendancePercent: event.minAttendancePercent,
      minPostScore: event.minPostScore,
    };
    const certificates = new Map((await this.repository.listForEvent(eventId)).map((row) => [row.enrollmentId, row]));
    const enrollees = (await this.repository.enrolleeFacts(eventId)).map((row) => ({
      ...row,
      attendancePercent: attendancePercent(row),
      reasons: outcomeReasons(row, rules),
      certificate: certificates.get(row.enrollmentId) ?? null,
    }));
    return { event, rules, enrollees };
  }

  /**
   * Draws a certificate again — after a name was corrected, or in another language — under a new
   * code. The old code stays verifiable as "replaced" (and shows nothing personal); the dates of
   * issue and expiry stay. A revoked certificate is not reissued.
   */
  async reissue(user: AuthUser, id: string, language: Locale | null): Promise<CertificateRow> {
    return this.dataSource.transaction(async (manager) => {
      const scope = await this.scopedCertificate(user, Permission.CertificatesManage, id, manager);
      const certificate = await manager.findOne(Certificate, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!certificate) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      if (certificate.revokedAt) throw new AppException(HttpStatus.CONFLICT, CertificatesErrorCode.CertificateRevoked);
      const event = (await this.repository.eventForCompletion(scope.eventId)) as EventForCompletion;
      const [enrollee] = await this.repository.enrolleeFacts(scope.eventId, {
        enrollmentId: certificate.enrollmentId,
        manager,
      });
      const now = new Date();
      const locale = language ?? certificateLocale(enrollee.preferredLanguage, event.language);
      const code = generateCertificateCode();
      const pdf = await this.drawing.draw(manager, event, enrollee, {
        locale,
        code,
        issuedAt: certificate.issuedAt,
        expiresAt: certificate.expiresAt,
      });
      await manager.insert(ReplacedCertificateCode, { code: certificate.code, certificateId: id, replacedAt: now });
      Object.assign(certificate, { code, pdf, locale, reissuedAt: now });
      await manager.save(certificate);
      return (await this.repository.certificate(id, manager)) as CertificateRow;
    });
  }

  /** The public check of a code as typed; null when no certificate has it. */
  async verify(typedCode: string, locale: Locale, now = new Date()): Promise<CertificateVerificationDto | null> {
    const code = normalizeCertificateCode(typedCode);
    const row = code ? await this.repository.verification(code) : null;
    if (!row) return null;
    const status = certificateStatus(row, now);
    return {
      status,
      statusLabel: translate(locale, `enums.certificate_status.${status}`),
      traineeName: row.traineeName,
      courseTitle: localizedText(row.courseTitles, locale),
      eventStartDate: row.startDate,
      eventEndDate: row.endDate,
      issuedOn: isoDay(new Date(row.issuedAt)),
      expiresOn: row.expiresAt ? isoDay(new Date(row.expiresAt)) : null,
      revokedOn: row.revokedAt ? isoDay(new Date(row.revokedAt)) : null,
      replacedOn: row.replacedAt ? isoDay(new Date(row.replacedAt)) : null,
      renewedOn: row.renewedAt ? isoDay(new Date(row.renewedAt)) : null,
    };
  }

  private async enqueue(eventId: string, requestedBy: string): Promise<StartedJob> {
    return this.jobs.enqueue(JobName.CompleteEvent, { eventId, requestedBy, requestedAt: new Date().toISOString() });
  }

  /** An event's certificates hold names: never for donors, for trainers only of their own events. */
  private scopedEvent(user: AuthUser, permission: Permission, eventId: string): Promise<EventAccess> {
    return loadEventAccess(this.dataSource.manager, user, permission, { eventId }, { personal: true });
  }

  private async scopedCertificate(
    user: AuthUser,
    permission: Permission,
    id: string,
    manager = this.dataSource.manager,
  ): Promise<{ eventId: string; countryCode: string }> {
    const scope = await this.repository.certificateScope(id, manager);
    if (!scope) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    assertCanAccess(user, permission, {
      countryCode: scope.countryCode,
      trainerUserIds: scope.trainerUserIds,
      personal: true,
    });
    return scope;
  }
}
