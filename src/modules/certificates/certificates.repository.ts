import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import type { LocalizedText } from '../courses/index.js';
import type { EnrollmentStatus, EventStatus } from '../events/index.js';
import type { CertificateIssuerContent, CertificateSex } from './certificate-pdf.js';

/** What issuing an event's certificates needs to know about the event and its course. */
export interface EventForCompletion {
  eventId: string;
  status: EventStatus;
  countryCode: string;
  language: string;
  venue: string;
  startDate: string;
  endDate: string;
  countryNames: LocalizedText;
  courseTitles: LocalizedText;
  /** The sum of the course's module hours; null without modules. */
  courseHours: number | null;
  minAttendancePercent: number;
  minPostScore: number | null;
  certificateValidityMonths: number | null;
  courseId: string;
  /** The course this event's course refreshes: its certificate, when issued, renews the trainee's earlier one. */
  refresherOfId: string | null;
}

/** One enrollee of an event with everything completion is decided on. */
export interface EnrolleeRow {
  enrollmentId: string;
  traineeId: string;
  status: EnrollmentStatus;
  fullName: string | null;
  sex: CertificateSex;
  preferredLanguage: string | null;
  sessions: number;
  attended: number;
  postScore: number | null;
  certificateId: string | null;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface CertificateRow {
  id: string;
  code: string;
  enrollmentId: string;
  traineeId: string;
  traineeName: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  reissuedAt: Date | null;
  renewedAt: Date | null;
  locale: string;
}

/** What the public verify page may show, and nothing more. */
export interface VerificationRow {
  traineeName: string | null;
  courseTitles: LocalizedText;
  startDate: string;
  endDate: string;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** When the code looked up was replaced by a reissue; null for a certificate's current code. */
  replacedAt: Date | null;
  /** When a refresher course renewed the certificate. */
  renewedAt: Date | null;
}

const TRAINER_USER_IDS = `coalesce(array_agg(et.trainer_user_id) FILTER (WHERE et.trainer_user_id IS NOT NULL), '{}')`;

/** The certificates module's SQL. */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The scope of the event a certificate was issued at. */
  async certificateScope(certificateId: string, manager: EntityManager = this.dataSource.manager) {
    const [row] = await manager.query<{ eventId: string; countryCode: string; trainerUserIds: string[] }[]>(
      `SELECT e.id AS "eventId", e.country_code AS "countryCode", ${TRAINER_USER_IDS} AS "trainerUserIds"
         FROM certificates c
         JOIN enrollments en ON en.id = c.enrollment_id
         JOIN training_events e ON e.id = en.event_id
         LEFT JOIN event_teachers et ON et.event_id = e.id
        WHERE c.id = $1
        GROUP BY e.id`,
      [certificateId],
    );
    return row ?? null;
  }

  async eventForCompletion(eventId: string): Promise<EventForCompletion | null> {
    const [row] = await this.dataSource.query<EventForCompletion[]>(
      `SELECT e.id AS "eventId", e.status, e.country_code AS "countryCode", e.language, e.venue,
              to_char(e.start_date, 'YYYY-MM-DD') AS "startDate", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate",
              co.names AS "countryNames", c.titles AS "courseTitles",
              c.min_attendance_percent AS "minAttendancePercent", c.min_post_score AS "minPostScore",
              c.certificate_validity_months AS "certificateValidityMonths",
              c.id AS "courseId", c.refresher_of_id AS "refresherOfId",
              (SELECT sum(m.hours)::float8 FROM course_modules m WHERE m.course_id = c.id) AS "courseHours"
         FROM training_events e
         JOIN courses c ON c.id = e.course_id
         JOIN countries co ON co.code = e.country_code
        WHERE e.id = $1`,
      [eventId],
    );
    return row ?? null;
  }

  /**
   * Every enrollee of an event with the facts completion is decided on, in one query: the
   * event's sessions, those attended (present or late), the post score, and any certificate.
   * With `enrollmentId`, that one enrollee, read again inside its transaction.
   */
  enrolleeFacts(
    eventId: string,
    only: { enrollmentId: string; manager: EntityManager } | null = null,
  ): Promise<EnrolleeRow[]> {
    return (only?.manager ?? this.dataSource.manager).query<EnrolleeRow[]>(
      `SELECT en.id AS "enrollmentId", en.trainee_id AS "traineeId", en.status,
              t.full_name AS "fullName", t.sex, t.preferred_language AS "preferredLanguage",
              count(DISTINCT s.id)::int AS sessions,
              count(DISTINCT am.session_id) FILTER (WHERE am.status IN ('present', 'late'))::int AS attended,
              a.post_score AS "postScore",
              c.id AS "certificateId", c.revoked_at AS "revokedAt", c.revoked_reason AS "revokedReason"
         FROM enrollments en
         JOIN trainees t ON t.id = en.trainee_id
         LEFT JOIN training_sessions s ON s.event_id = en.event_id
         LEFT JOIN attendance_marks am ON am.session_id = s.id AND am.trainee_id = en.trainee_id
         LEFT JOIN assessments a ON a.event_id = en.event_id AND a.trainee_id = en.trainee_id
         LEFT JOIN certificates c ON c.enrollment_id = en.id
        WHERE en.event_id = $1 AND ($2::uuid IS NULL OR en.id = $2)
        GROUP BY en.id, t.id, a.id, c.id
        ORDER BY en.created_at, en.id`,
      [eventId, only?.enrollmentId ?? null],
    );
  }

  /** The certificates issued at an event, by trainee name. */
  listForEvent(eventId: string, manager: EntityManager = this.dataSource.manager): Promise<CertificateRow[]> {
    return manager.query<CertificateRow[]>(
      `${CERTIFICATE_SELECT} WHERE en.event_id = $1 ORDER BY t.full_name NULLS LAST, c.id`,
      [eventId],
    );
  }

  async certificate(id: string, manager: EntityManager = this.dataSource.manager): Promise<CertificateRow | null> {
    const [row] = await manager.query<CertificateRow[]>(`${CERTIFICATE_SELECT} WHERE c.id = $1`, [id]);
    return row ?? null;
  }

  /** The stored PDF, as issued. */
  async pdf(id: string): Promise<{ code: string; pdf: Buffer } | null> {
    const [row] = await this.dataSource.query<{ code: string; pdf: Buffer }[]>(
      'SELECT code, pdf FROM certificates WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  /**
   * By its code: the holder's name only while they consent. A code replaced by a reissue is found
   * too, with the course and dates but no name: it must not lead to the person or their new code.
   */
  async verification(code: string): Promise<VerificationRow | null> {
    const [row] = await this.dataSource.query<VerificationRow[]>(
      `WITH hit AS (SELECT id, NULL::timestamptz AS replaced_at FROM certificates WHERE code = $1
                    UNION ALL
                    SELECT certificate_id, replaced_at FROM replaced_certificate_codes WHERE code = $1)
       SELECT CASE WHEN t.consent_withdrawn_at IS NULL AND hit.replaced_at IS NULL THEN t.full_name END AS "traineeName",
              co.titles AS "courseTitles",
              to_char(e.start_date, 'YYYY-MM-DD') AS "startDate", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate",
              c.issued_at AS "issuedAt", c.expires_at AS "expiresAt", c.revoked_at AS "revokedAt",
              hit.replaced_at AS "replacedAt", c.renewed_at AS "renewedAt"
         FROM hit
         JOIN certificates c ON c.id = hit.id
         JOIN enrollments en ON en.id = c.enrollment_id
         JOIN trainees t ON t.id = en.trainee_id
         JOIN training_events e ON e.id = en.event_id
         JOIN courses co ON co.id = e.course_id
        LIMIT 1`,
      [code],
    );
    return row ?? null;
  }

  /** The country's issuer as the PDF draws it, signature image included; null when none is set. */
  async issuer(countryCode: string, manager: EntityManager = this.dataSource.manager) {
    const [row] = await manager.query<CertificateIssuerContent[]>(
      `SELECT organization, signatory_name AS "signatoryName", signatory_title AS "signatoryTitle",
              signature_image AS signature
         FROM certificate_issuers WHERE country_code = $1`,
      [countryCode],
    );
    return row ?? null;
  }
}

const CERTIFICATE_SELECT = `
  SELECT c.id, c.code, c.enrollment_id AS "enrollmentId", en.trainee_id AS "traineeId", t.full_name AS "traineeName",
         c.issued_at AS "issuedAt", c.expires_at AS "expiresAt", c.revoked_at AS "revokedAt",
         c.revoked_reason AS "revokedReason", c.reissued_at AS "reissuedAt", c.renewed_at AS "renewedAt", c.locale
    FROM certificates c
    JOIN enrollments en ON en.id = c.enrollment_id
    JOIN trainees t ON t.id = en.trainee_id`;
