import { createHash } from 'node:crypto';

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

import { type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, type FieldError } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import { enrolledAmong, type EventAccess, loadEventAccess, recordingOpen, TrainingEvent } from '../events/index.js';
import { AttendanceErrorCode } from './attendance-error-code.js';
import type { AttendanceStatus } from './attendance-mark.entity.js';
import type { RecordAttendanceDto } from './dto/attendance.dto.js';

export interface RosterRow {
  traineeId: string;
  fullName: string | null;
  status: AttendanceStatus | null;
  note: string | null;
  markedAt: Date | null;
  markId: string | null;
}

export interface RecordResult {
  sessionId: string;
  applied: number;
  unchanged: number;
  roster: RosterRow[];
}

/**
 * Attendance by the roster: one request carries a session's marks, is checked whole, and is
 * written whole or not at all. Retries are harmless twice over: marks carry client-made ids and
 * the time they were made (an older mark never overwrites a newer one), and a request sent with
 * an Idempotency-Key gets the first answer back without a second write.
 */
@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async roster(user: AuthUser, sessionId: string): Promise<RosterRow[]> {
    const access = await loadEventAccess(this.dataSource.manager, user, Permission.AttendanceRecord, { sessionId });
    return this.loadRoster(this.dataSource.manager, access.eventId, sessionId);
  }

  async record(
    user: AuthUser,
    sessionId: string,
    dto: RecordAttendanceDto,
    idempotencyKey: string | undefined,
  ): Promise<RecordResult> {
    const requestHash = createHash('sha256')
      .update(`PUT ${sessionId} ${JSON.stringify(dto)}`)
      .digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const queryRunner = manager.queryRunner as QueryRunner;
      if (idempotencyKey) {
        const earlier = await this.earlierAnswer(manager, user.id, idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      const access = await loadEventAccess(manager, user, Permission.AttendanceRecord, { sessionId });
      this.assertRecordingOpen(user, access);
      await this.assertRowsValid(manager, access.eventId, dto);

      const applied = await this.upsertMarks(manager, user, sessionId, dto);
      await auditBulkWrite(queryRunner, {
        action: AuditAction.Update,
        entityType: 'training_session',
        entityId: sessionId,
        changedFields: ['attendance'],
        values: { marksSent: dto.marks.length, marksApplied: applied },
      });
      const result: RecordResult = {
        sessionId,
        applied,
        unchanged: dto.marks.length - applied,
        roster: await this.loadRoster(manager, access.eventId, sessionId),
      };
      if (idempotencyKey) {
        await manager.query(
          `INSERT INTO idempotency_records (user_id, key, request_hash, response_status, response_body)
           VALUES ($1, $2, $3, 200, $4) ON CONFLICT DO NOTHING`,
          [user.id, idempotencyKey, requestHash, JSON.stringify(result)],
        );
      }
      return result;
    });
  }

  /** Lets trainers record for an event until the given time (officers and admins). */
  async reopen(user: AuthUser, eventId: string, until: Date): Promise<Date> {
    return this.dataSource.transaction(async (manager) => {
      await loadEventAccess(manager, user, Permission.AttendanceReopen, { eventId });
      const event = await manager.findOneByOrFail(TrainingEvent, { id: eventId });
      event.attendanceReopenedUntil = until;
      await manager.save(event);
      return until;
    });
  }

  assertRecordingOpen(user: AuthUser, access: EventAccess): void {
    if (!recordingOpen(user, access, this.config.env.ATTENDANCE_EDIT_DAYS)) {
      throw new AppException(HttpStatus.FORBIDDEN, AttendanceErrorCode.RecordingClosed, {
        days: this.config.env.ATTENDANCE_EDIT_DAYS,
      });
    }
  }

  private async earlierAnswer(
    manager: EntityManager,
    userId: string,
    key: string,
    requestHash: string,
  ): Promise<RecordResult | null> {
    const [record] = await manager.query<{ request_hash: string; response_body: RecordResult }[]>(
      'SELECT request_hash, response_body FROM idempotency_records WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    if (!record) return null;
    if (record.request_hash !== requestHash) {
      throw new AppException(HttpStatus.UNPROCESSABLE_ENTITY, AttendanceErrorCode.IdempotencyKeyReused);
    }
    return record.response_body;
  }

  /** Every row is checked before anything is written; the answer names each bad row. */
  private async assertRowsValid(manager: EntityManager, eventId: string, dto: RecordAttendanceDto): Promise<void> {
    const enrolled = await enrolledAmong(
      manager,
      eventId,
      dto.marks.map((m) => m.traineeId),
    );
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    dto.marks.forEach((mark, index) => {
      const field = `marks.${index}.traineeId`;
      if (seen.has(mark.traineeId)) {
        errors.push({
          field,
          code: 'duplicate_trainee',
          messageKey: 'validation.duplicate_trainee',
          params: { row: index + 1 },
        });
      } else if (!enrolled.has(mark.traineeId)) {
        errors.push({ field, code: 'not_enrolled', messageKey: 'validation.not_enrolled', params: { row: index + 1 } });
      }
      seen.add(mark.traineeId);
    });
    if (errors.length > 0) {
      throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, errors);
    }
  }

  /** One statement for the whole roster; a mark older than the stored one changes nothing. */
  private async upsertMarks(
    manager: EntityManager,
    user: AuthUser,
    sessionId: string,
    dto: RecordAttendanceDto,
  ): Promise<number> {
    try {
      const rows = await manager.query<unknown[]>(
        `INSERT INTO attendance_marks AS m (id, session_id, trainee_id, status, note, marked_by_id, marked_at)
         SELECT mark.id, $1, mark.trainee_id, mark.status::attendance_status, mark.note, $2, mark.marked_at
           FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[])
                AS mark (id, trainee_id, status, note, marked_at)
         ON CONFLICT (session_id, trainee_id) DO UPDATE
            SET status = EXCLUDED.status, note = EXCLUDED.note, marked_by_id = EXCLUDED.marked_by_id,
                marked_at = EXCLUDED.marked_at, recorded_at = now()
          WHERE m.marked_at < EXCLUDED.marked_at
         RETURNING m.id`,
        [
          sessionId,
          user.id,
          dto.marks.map((m) => m.id),
          dto.marks.map((m) => m.traineeId),
          dto.marks.map((m) => m.status),
          dto.marks.map((m) => m.note ?? null),
          dto.marks.map((m) => m.markedAt),
        ],
      );
      return rows.length;
    } catch (error) {
      // A client id already used for another session or trainee: the client must make a new one.
      if ((error as { code?: string }).code === '23505') {
        throw new AppException(HttpStatus.CONFLICT, AttendanceErrorCode.MarkIdReused);
      }
      throw error;
    }
  }

  private loadRoster(manager: EntityManager, eventId: string, sessionId: string): Promise<RosterRow[]> {
    return manager.query<RosterRow[]>(
      `SELECT e.trainee_id AS "traineeId", t.full_name AS "fullName", m.status, m.note, m.marked_at AS "markedAt",
              m.id AS "markId"
         FROM enrollments e
         JOIN trainees t ON t.id = e.trainee_id
         LEFT JOIN attendance_marks m ON m.session_id = $2 AND m.trainee_id = e.trainee_id
        WHERE e.event_id = $1 AND e.status <> 'withdrawn'
        ORDER BY t.full_name NULLS LAST, e.trainee_id`,
      [eventId, sessionId],
    );
  }
}
