import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { LocalizedText } from '../courses/index.js';

/** One event of a trainee's record: the enrolment, attendance, scores and certificate. */
export interface EnrolmentRecord {
  eventId: string;
  courseTitles: LocalizedText;
  startDate: string;
  endDate: string;
  venue: string;
  eventStatus: string;
  status: string;
  withdrawalReason: string | null;
  sessions: number;
  attended: number;
  preScore: number | null;
  postScore: number | null;
  certificateCode: string | null;
  certificateIssuedAt: Date | null;
  certificateRevokedAt: Date | null;
}

export interface MergeRecord {
  id: string;
  mergedAt: Date;
  undoneAt: Date | null;
  /** This record stayed (the other was merged into it), or was merged into the other. */
  stayed: boolean;
  otherId: string;
}

export interface AuditRecord {
  occurredAt: Date;
  action: string;
  changedFields: string[];
  actorName: string | null;
}

/** A trainee's attendance at one event: sessions attended (present or late) of those held. */
export interface AttendanceLine {
  enrollmentId: string;
  traineeId: string;
  fullName: string | null;
  profession: string;
  status: string;
  attended: number;
  sessions: number;
  /** Per session, in date order: the mark, or null when none was made. */
  marks: (string | null)[];
}

/** The SQL over enrolments, attendance, scores, certificates, merges and audit rows of trainees. */
@Injectable()
export class TraineeRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  enrolments(traineeId: string): Promise<EnrolmentRecord[]> {
    return this.dataSource.query(
      `SELECT e.id AS "eventId", c.titles AS "courseTitles", to_char(e.start_date, 'YYYY-MM-DD') AS "startDate",
              to_char(e.end_date, 'YYYY-MM-DD') AS "endDate", e.venue, e.status AS "eventStatus",
              en.status, en.withdrawal_reason AS "withdrawalReason",
              (SELECT count(*)::int FROM training_sessions s WHERE s.event_id = e.id) AS sessions,
              (SELECT count(*)::int FROM attendance_marks m JOIN training_sessions s ON s.id = m.session_id
                WHERE s.event_id = e.id AND m.trainee_id = en.trainee_id AND m.status IN ('present', 'late')) AS attended,
              a.pre_score AS "preScore", a.post_score AS "postScore",
              cert.code AS "certificateCode", cert.issued_at AS "certificateIssuedAt",
              cert.revoked_at AS "certificateRevokedAt"
         FROM enrollments en
         JOIN training_events e ON e.id = en.event_id
         JOIN courses c ON c.id = e.course_id
         LEFT JOIN assessments a ON a.event_id = e.id AND a.trainee_id = en.trainee_id
         LEFT JOIN certificates cert ON cert.enrollment_id = en.id
        WHERE en.trainee_id = $1
        ORDER BY e.start_date DESC, e.id`,
      [traineeId],
    );
  }

  merges(traineeId: string): Promise<MergeRecord[]> {
    return this.dataSource.query(
      `SELECT id, merged_at AS "mergedAt", undone_at AS "undoneAt", survivor_id = $1 AS stayed,
              CASE WHEN survivor_id = $1 THEN merged_id ELSE survivor_id END AS "otherId"
         FROM trainee_merges WHERE survivor_id = $1 OR merged_id = $1
        ORDER BY merged_at DESC, id`,
      [traineeId],
    );
  }

  /** The audit rows of the trainee's record: what changed and who changed it, never the values. */
  audit(traineeId: string, limit: number): Promise<AuditRecord[]> {
    return this.dataSource.query(
      `SELECT l.occurred_at AS "occurredAt", l.action::text AS action, l.changed_fields AS "changedFields",
              u.display_name AS "actorName"
         FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
        WHERE l.entity_type = 'trainee' AND l.entity_id = $1
        ORDER BY l.occurred_at DESC, l.id DESC
        LIMIT $2`,
      [traineeId, limit],
    );
  }

  /** Each enrolled trainee's attendance at the event, session by session, by name. */
  async attendance(eventId: string): Promise<{ sessionIds: string[]; lines: AttendanceLine[] }> {
    const sessions = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM training_sessions WHERE event_id = $1 ORDER BY date, start_time, id`,
      [eventId],
    );
    const sessionIds = sessions.map((s) => s.id);
    const lines = await this.dataSource.query<AttendanceLine[]>(
      `SELECT en.id AS "enrollmentId", t.id AS "traineeId", t.full_name AS "fullName", t.profession, en.status,
              coalesce(array_agg(m.status::text ORDER BY s.ord) FILTER (WHERE s.id IS NOT NULL), '{}') AS marks,
              count(*) FILTER (WHERE m.status IN ('present', 'late'))::int AS attended
         FROM enrollments en
         JOIN trainees t ON t.id = en.trainee_id
         LEFT JOIN (SELECT id, row_number() OVER (ORDER BY date, start_time, id) AS ord FROM training_sessions
                     WHERE event_id = $1) s ON true
         LEFT JOIN attendance_marks m ON m.session_id = s.id AND m.trainee_id = t.id
        WHERE en.event_id = $1
        GROUP BY en.id, t.id
        ORDER BY t.full_name NULLS LAST, en.id`,
      [eventId],
    );
    return { sessionIds, lines: lines.map((line) => ({ ...line, sessions: sessionIds.length })) };
  }

  /** Organisations' names and regions' names, for showing a person without raw ids or codes. */
  async placeNames(
    organizationIds: string[],
    regionCodes: string[],
  ): Promise<{ organizations: Map<string, string>; regions: Map<string, LocalizedText> }> {
    const [organizations, regions] = await Promise.all([
      organizationIds.length === 0
        ? []
        : this.dataSource.query<{ id: string; name: string }[]>(
            `SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])`,
            [organizationIds],
          ),
      regionCodes.length === 0
        ? []
        : this.dataSource.query<{ code: string; names: LocalizedText }[]>(
            `SELECT code, names FROM regions WHERE code = ANY($1)`,
            [regionCodes],
          ),
    ]);
    return {
      organizations: new Map(organizations.map((o) => [o.id, o.name])),
      regions: new Map(regions.map((r) => [r.code, r.names])),
    };
  }
}
