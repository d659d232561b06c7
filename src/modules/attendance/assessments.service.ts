import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, type FieldError } from '@cascade/common';
import { JobName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/index.js';
import { enrolledAmong, EventStatus, loadEventAccess } from '../events/index.js';
import { Assessment } from './assessment.entity.js';
import { AttendanceService } from './attendance.service.js';
import type { RecordScoresDto } from './dto/assessments.dto.js';

export interface ScoreRow {
  traineeId: string;
  fullName: string | null;
  preScore: number | null;
  postScore: number | null;
  knowledgeGain: number | null;
}

/** Pre- and post-test scores per trainee per event; knowledge gain is post − pre. */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly attendance: AttendanceService,
    private readonly jobs: JobsService,
  ) {}

  async list(user: AuthUser, eventId: string): Promise<ScoreRow[]> {
    await loadEventAccess(this.dataSource.manager, user, Permission.AttendanceRecord, { eventId });
    return this.load(eventId);
  }

  /**
   * Writes the given scores (a score left out stays as it was; null clears it), each row audited.
   * A changed post score at a completed event has its completion decided again.
   */
  async record(user: AuthUser, eventId: string, dto: RecordScoresDto): Promise<ScoreRow[]> {
    const postScoreChanged = await this.dataSource.transaction(async (manager) => {
      const access = await loadEventAccess(manager, user, Permission.AttendanceRecord, { eventId });
      this.attendance.assertRecordingOpen(user, access);
      const enrolled = await enrolledAmong(
        manager,
        eventId,
        dto.scores.map((s) => s.traineeId),
      );
      const errors: FieldError[] = dto.scores
        .map((score, index) => ({ score, index }))
        .filter(({ score }) => !enrolled.has(score.traineeId))
        .map(({ index }) => ({
          field: `scores.${index}.traineeId`,
          code: 'not_enrolled',
          messageKey: 'validation.not_enrolled',
          params: { row: index + 1 },
        }));
      if (errors.length > 0)
        throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, errors);

      const existing = await manager.findBy(Assessment, { eventId, traineeId: In(dto.scores.map((s) => s.traineeId)) });
      let changed = false;
      for (const score of dto.scores) {
        const assessment =
          existing.find((a) => a.traineeId === score.traineeId) ??
          manager.create(Assessment, { eventId, traineeId: score.traineeId, preScore: null, postScore: null });
        if (score.preScore !== undefined) assessment.preScore = score.preScore;
        if (score.postScore !== undefined && score.postScore !== assessment.postScore) {
          assessment.postScore = score.postScore;
          changed = true;
        }
        await manager.save(assessment);
      }
      return changed;
    });
    // After the commit, so the run sees the new scores.
    if (postScoreChanged) await this.postScoresChanged(eventId, user.id);
    return this.load(eventId);
  }

  /**
   * A completed event is decided again (certificates newly earned are issued, those no longer
   * earned revoked) by the completion job; nothing to do before the event is completed.
   */
  private async postScoresChanged(eventId: string, changedBy: string): Promise<void> {
    const [event] = await this.dataSource.query<{ status: EventStatus }[]>(
      'SELECT status FROM training_events WHERE id = $1',
      [eventId],
    );
    if (event?.status !== EventStatus.Completed) return;
    await this.jobs.enqueue(JobName.CompleteEvent, {
      eventId,
      requestedBy: changedBy,
      requestedAt: new Date().toISOString(),
    });
  }

  private load(eventId: string): Promise<ScoreRow[]> {
    return this.dataSource.query<ScoreRow[]>(
      `SELECT e.trainee_id AS "traineeId", t.full_name AS "fullName", a.pre_score AS "preScore",
              a.post_score AS "postScore", a.post_score - a.pre_score AS "knowledgeGain"
         FROM enrollments e
         JOIN trainees t ON t.id = e.trainee_id
         LEFT JOIN assessments a ON a.event_id = e.event_id AND a.trainee_id = e.trainee_id
        WHERE e.event_id = $1 AND e.status <> 'withdrawn'
        ORDER BY t.full_name NULLS LAST, e.trainee_id`,
      [eventId],
    );
  }
}
