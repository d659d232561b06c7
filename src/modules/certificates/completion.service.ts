import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';

import type { CompleteEventJob } from '@cascade/queue';

import { Enrollment, EnrollmentStatus, EventStatus } from '../events/index.js';
import { Certificate } from './certificate.entity.js';
import { generateCertificateCode } from './certificate-code.js';
import { addMonths } from './certificate-dates.js';
import { CertificateDrawing } from './certificate-drawing.js';
import { renewEarlierCertificates, restoreRenewedCertificates } from './certificate-renewal.js';
import { certificateLocale } from './certificate-view.js';
import { CertificatesRepository, type EnrolleeRow, type EventForCompletion } from './certificates.repository.js';
import {
  type CompletionAction,
  completionAction,
  type CompletionRules,
  type EnrolleeFacts,
  SCORE_CORRECTED,
} from './completion-rules.js';

/** What a completion run did, enrollee by enrollee; the job's result. */
export interface CompletionResult {
  eventId: string;
  enrollees: number;
  issued: number;
  reinstated: number;
  revoked: number;
  reopened: number;
  unchanged: number;
}

const COUNTER: Record<CompletionAction, keyof Omit<CompletionResult, 'eventId' | 'enrollees'>> = {
  issue: 'issued',
  reinstate: 'reinstated',
  revoke: 'revoked',
  reopen: 'reopened',
  none: 'unchanged',
};

/**
 * Decides completion for every enrollee of a completed event and brings enrollments and
 * certificates in line with it. Each enrollee is one transaction — the enrollment marked
 * completed and its certificate (row and PDF) issued together — so a run that dies midway
 * leaves nothing half-done, and running it again finishes the rest and changes nothing else.
 */
@Injectable()
export class CompletionService {
  private readonly logger = new Logger(CompletionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CertificatesRepository,
    private readonly drawing: CertificateDrawing,
  ) {}

  async completeEvent(
    job: CompleteEventJob,
    progress: (done: number, total: number) => Promise<void> = () => Promise.resolve(),
  ): Promise<CompletionResult> {
    const event = await this.repository.eventForCompletion(job.eventId);
    // Retrying would not help: the request was checked, so the event changed since.
    if (!event) throw new UnrecoverableError(`event ${job.eventId} does not exist`);
    if (event.status !== EventStatus.Completed) {
      throw new UnrecoverableError(`event ${job.eventId} is ${event.status}, not completed`);
    }
    const rules: CompletionRules = {
      minAttendancePercent: event.minAttendancePercent,
      minPostScore: event.minPostScore,
    };
    const enrollees = await this.repository.enrolleeFacts(job.eventId);

    const result: CompletionResult = {
      eventId: job.eventId,
      enrollees: enrollees.length,
      issued: 0,
      reinstated: 0,
      revoked: 0,
      reopened: 0,
      unchanged: 0,
    };
    await progress(0, enrollees.length);
    for (const [index, enrollee] of enrollees.entries()) {
      const planned = completionAction(factsOf(enrollee), rules);
      const done =
        planned === 'none' ? planned : await this.apply(enrollee.enrollmentId, event, rules, job.requestedBy);
      result[COUNTER[done]]++;
      await progress(index + 1, enrollees.length);
    }
    this.logger.log({ ...result }, 'Event completion decided');
    return result;
  }

  /**
   * One enrollee, in its own transaction. The enrollment is locked and its facts read again:
   * another run (a score corrected meanwhile) may have been here first, and the last run to
   * hold the lock must decide on the latest scores.
   */
  private apply(
    enrollmentId: string,
    event: EventForCompletion,
    rules: CompletionRules,
    requestedBy: string,
  ): Promise<CompletionAction> {
    return this.dataSource.transaction(async (manager) => {
      const enrollment = await manager.findOne(Enrollment, {
        where: { id: enrollmentId },
        lock: { mode: 'pessimistic_write' },
      });
      const [current] = enrollment
        ? await this.repository.enrolleeFacts(event.eventId, { enrollmentId: enrollment.id, manager })
        : [];
      if (!enrollment || !current) return 'none';
      const action = completionAction(factsOf(current), rules);
      const certificate =
        action === 'reinstate' || action === 'revoke'
          ? await manager.findOneByOrFail(Certificate, { enrollmentId })
          : null;
      const now = new Date();
      switch (action) {
        case 'issue':
          enrollment.status = EnrollmentStatus.Completed;
          enrollment.completedAt ??= now;
          await manager.save(enrollment);
          await this.issue(manager, current, event, now);
          break;
        case 'reinstate':
          enrollment.status = EnrollmentStatus.Completed;
          enrollment.completedAt ??= now;
          await manager.save(enrollment);
          Object.assign(certificate as Certificate, { revokedAt: null, revokedReason: null, revokedById: null });
          await manager.save(certificate);
          await renewEarlierCertificates(manager, event, current.traineeId, certificate as Certificate);
          break;
        case 'revoke':
          Object.assign(certificate as Certificate, {
            revokedAt: now,
            revokedReason: SCORE_CORRECTED,
            revokedById: requestedBy,
          });
          await manager.save(certificate);
          await restoreRenewedCertificates(manager, (certificate as Certificate).id);
          this.reopen(enrollment);
          await manager.save(enrollment);
          break;
        case 'reopen':
          this.reopen(enrollment);
          await manager.save(enrollment);
          break;
        case 'none':
          break;
      }
      return action;
    });
  }

  private reopen(enrollment: Enrollment): void {
    enrollment.status = EnrollmentStatus.Enrolled;
    enrollment.completedAt = null;
  }

  private async issue(
    manager: EntityManager,
    enrollee: EnrolleeRow,
    event: EventForCompletion,
    issuedAt: Date,
  ): Promise<void> {
    const locale = certificateLocale(enrollee.preferredLanguage, event.language);
    const code = generateCertificateCode();
    const expiresAt = event.certificateValidityMonths ? addMonths(issuedAt, event.certificateValidityMonths) : null;
    const pdf = await this.drawing.draw(manager, event, enrollee, { locale, code, issuedAt, expiresAt });
    const certificate = await manager.save(
      manager.create(Certificate, {
        code,
        enrollmentId: enrollee.enrollmentId,
        issuedAt,
        expiresAt,
        revokedAt: null,
        revokedReason: null,
        revokedById: null,
        reissuedAt: null,
        locale,
        pdf,
        renewedAt: null,
        renewedById: null,
      }),
    );
    await renewEarlierCertificates(manager, event, enrollee.traineeId, certificate);
  }
}

function factsOf(row: EnrolleeRow): EnrolleeFacts {
  return {
    status: row.status,
    sessions: row.sessions,
    attended: row.attended,
    postScore: row.postScore,
    certificate: row.certificateId ? { revokedAt: row.revokedAt, revokedReason: row.revokedReason } : null,
  };
}
