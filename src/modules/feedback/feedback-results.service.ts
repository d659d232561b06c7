import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { type AuthUser, Permission, Role } from '@cascade/auth';
import { AppException, CommonErrorCode, isDateOnly } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { localized } from '../courses/index.js';
import { loadEventAccess } from '../events/index.js';
import { FeedbackFieldCode } from './feedback-error-code.js';
import { FeedbackSubject } from './feedback-rating.entity.js';
import { FeedbackWindow } from './feedback-window.entity.js';
import { CLOSES_AT_SQL, endOfDay, MIN_ANSWERS_SHOWN_TO_TRAINERS } from './feedback-window.js';

/** A mean rating over `n` answers; `mean` is null when none, or withheld from a trainer under five. */
export interface FeedbackMean {
  n: number;
  mean: number | null;
  withheld: boolean;
}

/** An event's feedback as the caller may see it. */
export interface EventFeedbackResults {
  eventId: string;
  closesAt: Date;
  answers: number;
  enrolled: number;
  /** answers ÷ enrolled, 0–1, two decimals; null with nobody enrolled. */
  responseRate: number | null;
  overall: FeedbackMean;
  modules: ({ id: string; title: string } & FeedbackMean)[];
  trainers: ({ id: string; name: string } & FeedbackMean)[];
  /** Officers only; trainers get null: free text can identify its writer. */
  texts: { mostUseful: string | null; missing: string | null }[] | null;
}

const round2 = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

/**
 * Results of events' feedback. Anonymous to trainers: only averages, each withheld under five
 * answers; officers of the event's country get the response rate and the free texts too.
 */
@Injectable()
export class FeedbackResultsService {
  constructor(private readonly dataSource: DataSource) {}

  async eventResults(user: AuthUser, eventId: string, locale: Locale): Promise<EventFeedbackResults> {
    const manager = this.dataSource.manager;
    await loadEventAccess(manager, user, Permission.FeedbackRead, { eventId });
    const trainer = user.role === Role.Trainer;
    const [event] = await manager.query<{ closesAt: Date; answers: number; enrolled: number; mean: number | null }[]>(
      `SELECT ${CLOSES_AT_SQL} AS "closesAt",
              (SELECT count(*)::int FROM feedback_answers a WHERE a.event_id = e.id) AS answers,
              (SELECT count(*)::int FROM enrollments en WHERE en.event_id = e.id AND en.status <> 'withdrawn') AS enrolled,
              (SELECT avg(a.overall)::float FROM feedback_answers a WHERE a.event_id = e.id) AS mean
         FROM training_events e LEFT JOIN feedback_windows w ON w.event_id = e.id WHERE e.id = $1`,
      [eventId],
    );
    const items = await manager.query<
      { subject: FeedbackSubject; id: string; label: unknown; n: number; mean: number | null }[]
    >(
      `WITH means AS (
         SELECT r.subject, r.subject_id, count(*)::int AS n, avg(r.rating)::float AS mean
           FROM feedback_ratings r JOIN feedback_answers a ON a.id = r.answer_id
          WHERE a.event_id = $1 GROUP BY 1, 2)
       SELECT subject, id, label, n, mean FROM (
         SELECT 'module'::feedback_subject AS subject, m.id, m.titles AS label, coalesce(x.n, 0) AS n, x.mean,
                m.position AS place
           FROM course_modules m JOIN training_events e ON e.course_id = m.course_id AND e.id = $1
           LEFT JOIN means x ON x.subject = 'module' AND x.subject_id = m.id
          WHERE x.n IS NOT NULL OR m.id IN (SELECT module_id FROM training_sessions WHERE event_id = $1)
             OR NOT EXISTS (SELECT 1 FROM training_sessions WHERE event_id = $1 AND module_id IS NOT NULL)
         UNION ALL
         SELECT 'trainer', t.trainer_id, to_jsonb(t.trainer_name), coalesce(x.n, 0), x.mean,
                row_number() OVER (ORDER BY t.role = 'lead' DESC, t.trainer_name)
           FROM event_teachers t LEFT JOIN means x ON x.subject = 'trainer' AND x.subject_id = t.trainer_id
          WHERE t.event_id = $1) items
        ORDER BY subject, place`,
      [eventId],
    );
    const mean = (n: number, value: number | null): FeedbackMean => {
      const withheld = trainer && n < MIN_ANSWERS_SHOWN_TO_TRAINERS;
      return { n, mean: withheld ? null : round2(value), withheld };
    };
    const texts = trainer
      ? null
      : await manager.query<{ mostUseful: string | null; missing: string | null }[]>(
          // In no order that follows the enrollees or the time of answering.
          `SELECT most_useful AS "mostUseful", missing FROM feedback_answers
            WHERE event_id = $1 AND (most_useful IS NOT NULL OR missing IS NOT NULL) ORDER BY md5(id::text)`,
          [eventId],
        );
    return {
      eventId,
      closesAt: event.closesAt,
      answers: event.answers,
      enrolled: event.enrolled,
      responseRate: event.enrolled === 0 ? null : round2(event.answers / event.enrolled),
      overall: mean(event.answers, event.mean),
      modules: items
        .filter((i) => i.subject === FeedbackSubject.Module)
        .map((i) => ({ id: i.id, title: localized(i.label as Record<string, string>, locale), ...mean(i.n, i.mean) })),
      trainers: items
        .filter((i) => i.subject === FeedbackSubject.Trainer)
        .map((i) => ({ id: i.id, name: String(i.label), ...mean(i.n, i.mean) })),
      texts,
    };
  }

  /** Sets when an event's feedback closes: at the end of `date` (UTC), not before the event's last day. */
  async setClosingDate(user: AuthUser, eventId: string, date: string): Promise<Date> {
    return this.dataSource.transaction(async (manager) => {
      const access = await loadEventAccess(manager, user, Permission.FeedbackManage, { eventId });
      const refuse = (code: FeedbackFieldCode) => {
        throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, [
          { field: 'closesOn', code, messageKey: `validation.${code}`, params: { end: access.endDate } },
        ]);
      };
      if (!isDateOnly(date)) refuse(FeedbackFieldCode.DateInvalid);
      if (date < access.endDate) refuse(FeedbackFieldCode.ClosingBeforeEnd);
      const closesAt = endOfDay(date);
      await manager.save(manager.create(FeedbackWindow, { eventId, closesAt }));
      return closesAt;
    });
  }
}
