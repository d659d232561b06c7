import { createHash } from 'node:crypto';

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, Permission, Role, teachingScope } from '@cascade/auth';
import { AppException, CommonErrorCode, type FieldError, requestContext } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { connectionPool } from '@cascade/database';
import { isLocale, type Locale } from '@cascade/i18n';

import { type EventAccess, loadEventAccess, recordingOpen, TrainingEvent } from '../events/index.js';
import { UsersService } from '../users/index.js';
import { AttendanceErrorCode } from './attendance-error-code.js';
import type { AttendanceStatus } from './attendance-mark.entity.js';
import type { RecordAttendanceDto } from './dto/attendance.dto.js';
import { RECORD_ROSTER_SQL } from './record-roster.sql.js';
import { statusLabelsJson } from './status-labels.js';

export interface RosterRow {
  traineeId: string;
  fullName: string | null;
  status: AttendanceStatus | null;
  note: string | null;
  markedAt: Date | null;
  markId: string | null;
}

/** What the roster statement found (record-roster.sql.ts). */
interface RecordOutcome {
  /** The claims of a user taken from the token still match the account and its session (else: nothing read or written). */
  caller_ok: boolean;
  found: boolean;
  in_scope: boolean | null;
  open: boolean | null;
  request_hash: string | null;
  /** The earlier answer to the same Idempotency-Key, as JSON text. */
  response_body: string | null;
  /** Rows refused, numbered from 1, in order; null when none. */
  refused: { n: number; code: 'duplicate_trainee' | 'not_enrolled' }[] | null;
  /** The answer (RecordAttendanceResponseDto) as JSON text. */
  answer: string | null;
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
    private readonly users: UsersService,
  ) {}

  async roster(user: AuthUser, sessionId: string): Promise<RosterRow[]> {
    const access = await loadEventAccess(this.dataSource.manager, user, Permission.AttendanceRecord, { sessionId });
    return this.loadRoster(this.dataSource.manager, access.eventId, sessionId);
  }

  /**
   * One statement (record-roster.sql.ts) checks, writes, audits and answers; what it found decides
   * the error, in the order the checks stand: an earlier answer to the same key, the event's
   * scope (404), the recording window (403), then every refused row (400).
   */
  async record(
    user: AuthUser,
    sessionId: string,
    dto: Pick<RecordAttendanceDto, 'marks'>,
    idempotencyKey: string | undefined,
    locale: Locale,
    withRoster = true,
  ): Promise<string> {
    // The role's permission (the guard checked it too); the record's scope is checked in SQL.
    assertCanAccess(user, Permission.AttendanceRecord, {});
    // Only a request with a key is compared with an earlier one.
    const requestHash =
      idempotencyKey === undefined
        ? null
        : createHash('sha256')
            .update(`PUT ${sessionId} ${JSON.stringify(dto)}`)
            .digest('hex');
    const { marks } = dto;
    const context = requestContext.get();
    // Straight to the pool: one statement needs no query runner or transaction around it.
    const pool = connectionPool(this.dataSource);
    let outcome: RecordOutcome;
    try {
      // Named: each connection parses the call once; the function keeps its statement's plan.
      const { rows } = await pool.query<RecordOutcome>({
        name: 'record-roster',
        text: RECORD_ROSTER_SQL,
        values: [
          sessionId,
          user.id,
          countryScope(user),
          teachingScope(user),
          user.role === Role.Trainer,
          this.config.env.ATTENDANCE_EDIT_DAYS,
          new Date(),
          idempotencyKey ?? null,
          requestHash,
          marks.map((m) => m.id),
          marks.map((m) => m.traineeId),
          marks.map((m) => m.status),
          marks.map((m) => m.note ?? null),
          marks.map((m) => m.markedAt),
          context?.actorId ?? null,
          context?.requestId ?? null,
          statusLabelsJson(locale),
          withRoster,
          user.fromClaims ? user.role : null,
          user.fromClaims ? user.countries : null,
          user.fromClaims ? user.locale : null,
          user.fromClaims ? (user.sessionId ?? null) : null,
        ],
      });
      outcome = rows[0];
    } catch (error) {
      // A client id already used for another session or trainee: the client must make a new one.
      if ((error as { code?: string }).code === '23505') {
        throw new AppException(HttpStatus.CONFLICT, AttendanceErrorCode.MarkIdReused);
      }
      throw error;
    }
    if (!outcome.caller_ok) {
      // The token's claims are out of date (or the account or session ended): the user loaded, as
      // the guard loads it on other routes, and the request made again for that user.
      const loaded = await this.users.loadAuthUser(user.id, user.via, user.sessionId);
      if (!loaded) throw new AppException(HttpStatus.UNAUTHORIZED, CommonErrorCode.Unauthorized);
      const language = isLocale(loaded.locale) ? loaded.locale : locale;
      return this.record(loaded, sessionId, dto, idempotencyKey, language, withRoster);
    }
    if (outcome.request_hash !== null) {
      if (outcome.request_hash !== requestHash) {
        throw new AppException(HttpStatus.UNPROCESSABLE_ENTITY, AttendanceErrorCode.IdempotencyKeyReused);
      }
      return outcome.response_body as string;
    }
    if (!outcome.found || !outcome.in_scope) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    if (!outcome.open) this.throwRecordingClosed();
    if (outcome.refused) {
      const errors: FieldError[] = outcome.refused.map(({ n, code }) => ({
        field: `marks.${n - 1}.traineeId`,
        code,
        messageKey: `validation.${code}`,
        params: { row: n },
      }));
      throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, errors);
    }
    if (!outcome.answer) throw new Error('the roster statement neither refused nor answered');
    return outcome.answer;
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
    if (!recordingOpen(user, access, this.config.env.ATTENDANCE_EDIT_DAYS)) this.throwRecordingClosed();
  }

  private throwRecordingClosed(): never {
    throw new AppException(HttpStatus.FORBIDDEN, AttendanceErrorCode.RecordingClosed, {
      count: this.config.env.ATTENDANCE_EDIT_DAYS,
    });
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
