import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { type AuthUser, Permission } from '@cascade/auth';
import { AppException } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@cascade/i18n';

import { localized } from '../courses/index.js';
import { loadEventAccess } from '../events/index.js';
import type { FeedbackAnswerInput } from './dto/feedback-answer.input.js';
import { checkFeedbackAnswer } from './feedback-answer-check.js';
import { FeedbackErrorCode } from './feedback-error-code.js';
import { FeedbackSubject } from './feedback-rating.entity.js';
import { feedbackKey, newNonce, TOKEN_SHAPE, tokenHash, tokenOf } from './feedback-token.js';
import { CLOSES_AT_SQL, feedbackState } from './feedback-window.js';

/** What the trainee's form shows: the event, what to rate, their answer so far, and whether it can still change. */
export interface FeedbackForm {
  locale: Locale;
  eventId: string;
  courseTitle: string;
  startDate: string;
  endDate: string;
  closesAt: Date;
  state: 'not_open' | 'open' | 'closed';
  modules: { id: string; title: string }[];
  trainers: { id: string; name: string }[];
  answer: {
    overall: number;
    modules: Record<string, number>;
    trainers: Record<string, number>;
    mostUseful: string | null;
    missing: string | null;
  } | null;
}

/** One enrollee's slip: their name (none once consent is withdrawn: then no link either) and personal link. */
export interface FeedbackSlip {
  traineeId: string;
  fullName: string;
  url: string;
  answered: boolean;
}

interface LinkRow {
  enrollmentId: string;
  eventId: string;
  courseId: string;
  courseTitles: Record<string, string>;
  startDate: string;
  endDate: string;
  closesAt: Date;
  traineeLanguage: string | null;
  eventLanguage: string;
}

const generatedKeys = new WeakMap<AppConfig, Buffer>();

/**
 * Personal feedback links and the answers given through them. A token is found by its hash only;
 * an unknown, withdrawn or closed link writes nothing.
 */
@Injectable()
export class FeedbackLinksService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The form behind a token, or null for a token no link has. */
  async form(token: string, now = new Date()): Promise<FeedbackForm | null> {
    const link = await this.findLink(this.dataSource.manager, token);
    return link ? this.formOf(this.dataSource.manager, link, now) : null;
  }

  /**
   * Writes (or replaces) the enrollee's answer while feedback is open, in one transaction with the
   * link locked, so two sends from two tabs keep one answer. 404 for an unknown token, 409 once closed.
   */
  async answer(token: string, input: FeedbackAnswerInput, now = new Date()): Promise<FeedbackForm> {
    return this.dataSource.transaction(async (manager) => {
      const link = await this.findLink(manager, token, true);
      if (!link) throw new AppException(HttpStatus.NOT_FOUND, FeedbackErrorCode.FeedbackLinkUnknown);
      const form = await this.formOf(manager, link, now);
      if (form.state === 'closed') throw new AppException(HttpStatus.CONFLICT, FeedbackErrorCode.FeedbackClosed);
      if (form.state === 'not_open') throw new AppException(HttpStatus.CONFLICT, FeedbackErrorCode.FeedbackNotOpen);
      const checked = checkFeedbackAnswer(
        input,
        form.modules.map((m) => m.id),
        form.trainers.map((t) => t.id),
      );
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO feedback_answers (event_id, enrollment_id, overall, most_useful, missing)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (enrollment_id) DO UPDATE
           SET overall = excluded.overall, most_useful = excluded.most_useful, missing = excluded.missing, updated_at = now()
         RETURNING id`,
        [link.eventId, link.enrollmentId, checked.overall, checked.mostUseful, checked.missing],
      );
      await manager.query('DELETE FROM feedback_ratings WHERE answer_id = $1', [id]);
      const ratings = [
        ...[...checked.modules].map(([subjectId, rating]) => [FeedbackSubject.Module, subjectId, rating] as const),
        ...[...checked.trainers].map(([subjectId, rating]) => [FeedbackSubject.Trainer, subjectId, rating] as const),
      ];
      if (ratings.length > 0) {
        await manager.query(
          `INSERT INTO feedback_ratings (answer_id, subject, subject_id, rating)
           SELECT $1, s, i, r FROM unnest($2::feedback_subject[], $3::uuid[], $4::smallint[]) AS x(s, i, r)`,
          [id, ratings.map((r) => r[0]), ratings.map((r) => r[1]), ratings.map((r) => r[2])],
        );
      }
      return this.formOf(manager, link, now);
    });
  }

  /**
   * Every enrollee's slip for an event (officers of its country, its own trainers), making the links
   * that do not exist yet. Enrollees who withdrew, or whose consent was withdrawn, get none.
   */
  async slips(user: AuthUser, eventId: string): Promise<FeedbackSlip[]> {
    return this.dataSource.transaction(async (manager) => {
      await loadEventAccess(manager, user, Permission.FeedbackRead, { eventId }, { personal: true });
      const missing = await manager.query<{ id: string }[]>(
        `SELECT en.id FROM enrollments en JOIN trainees t ON t.id = en.trainee_id
          WHERE en.event_id = $1 AND en.status <> 'withdrawn' AND t.consent_withdrawn_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM feedback_links l WHERE l.enrollment_id = en.id)`,
        [eventId],
      );
      const key = this.key();
      for (const { id } of missing) {
        const nonce = newNonce();
        await manager.query(
          `INSERT INTO feedback_links (enrollment_id, nonce, token_hash) VALUES ($1, $2, $3)
           ON CONFLICT (enrollment_id) DO NOTHING`,
          [id, nonce, tokenHash(tokenOf(key, nonce))],
        );
      }
      const rows = await manager.query<{ traineeId: string; fullName: string; nonce: Buffer; answered: boolean }[]>(
        `SELECT t.id AS "traineeId", t.full_name AS "fullName", l.nonce,
                EXISTS (SELECT 1 FROM feedback_answers a WHERE a.enrollment_id = en.id) AS answered
           FROM enrollments en
           JOIN trainees t ON t.id = en.trainee_id
           JOIN feedback_links l ON l.enrollment_id = en.id
          WHERE en.event_id = $1 AND en.status <> 'withdrawn' AND t.consent_withdrawn_at IS NULL
          ORDER BY t.full_name, en.id`,
        [eventId],
      );
      return rows.map((row) => ({
        traineeId: row.traineeId,
        fullName: row.fullName,
        url: this.url(tokenOf(key, row.nonce)),
        answered: row.answered,
      }));
    });
  }

  /** The address a token's form is at, as printed on slips and in QR codes. */
  url(token: string): string {
    return `${this.config.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/feedback/${token}`;
  }

  /** The key tokens are made with: from JWT_SECRET (required in production), else one per process. */
  private key(): Buffer {
    if (this.config.env.JWT_SECRET) return feedbackKey(this.config.env.JWT_SECRET);
    let key = generatedKeys.get(this.config);
    if (!key) generatedKeys.set(this.config, (key = feedbackKey(newNonce().toString('base64'))));
    return key;
  }

  private async findLink(manager: EntityManager, token: string, lock = false): Promise<LinkRow | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const [row] = await manager.query<LinkRow[]>(
      `SELECT l.enrollment_id AS "enrollmentId", e.id AS "eventId", e.course_id AS "courseId", c.titles AS "courseTitles",
              to_char(e.start_date, 'YYYY-MM-DD') AS "startDate", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate",
              ${CLOSES_AT_SQL} AS "closesAt", t.preferred_language AS "traineeLanguage", e.language AS "eventLanguage"
         FROM feedback_links l
         JOIN enrollments en ON en.id = l.enrollment_id
         JOIN trainees t ON t.id = en.trainee_id
         JOIN training_events e ON e.id = en.event_id
         JOIN courses c ON c.id = e.course_id
         LEFT JOIN feedback_windows w ON w.event_id = e.id
        WHERE l.token_hash = $1 AND en.status <> 'withdrawn' AND e.status <> 'cancelled'
          AND t.consent_withdrawn_at IS NULL
        ${lock ? 'FOR UPDATE OF l' : ''}`,
      [tokenHash(token)],
    );
    return row ?? null;
  }

  private async formOf(manager: EntityManager, link: LinkRow, now: Date): Promise<FeedbackForm> {
    const locale = [link.traineeLanguage, link.eventLanguage].find(isLocale) ?? DEFAULT_LOCALE;
    const modules = await manager.query<{ id: string; titles: Record<string, string> }[]>(
      // The modules its sessions taught; a course whose sessions name none is rated module by module.
      `SELECT m.id, m.titles FROM course_modules m
        WHERE m.course_id = $1
          AND (m.id IN (SELECT module_id FROM training_sessions WHERE event_id = $2)
               OR NOT EXISTS (SELECT 1 FROM training_sessions WHERE event_id = $2 AND module_id IS NOT NULL))
        ORDER BY m.position`,
      [link.courseId, link.eventId],
    );
    const trainers = await manager.query<{ id: string; name: string }[]>(
      `SELECT trainer_id AS id, trainer_name AS name FROM event_teachers WHERE event_id = $1
        ORDER BY role = 'lead' DESC, trainer_name`,
      [link.eventId],
    );
    const [answer] = await manager.query<
      {
        overall: number;
        mostUseful: string | null;
        missing: string | null;
        ratings: [FeedbackSubject, string, number][];
      }[]
    >(
      `SELECT a.overall, a.most_useful AS "mostUseful", a.missing,
              coalesce(json_agg(json_build_array(r.subject, r.subject_id, r.rating)) FILTER (WHERE r.answer_id IS NOT NULL), '[]') AS ratings
         FROM feedback_answers a LEFT JOIN feedback_ratings r ON r.answer_id = a.id
        WHERE a.enrollment_id = $1 GROUP BY a.id`,
      [link.enrollmentId],
    );
    const rated = (subject: FeedbackSubject) =>
      Object.fromEntries((answer?.ratings ?? []).filter((r) => r[0] === subject).map((r) => [r[1], r[2]]));
    return {
      locale,
      eventId: link.eventId,
      courseTitle: localized(link.courseTitles, locale),
      startDate: link.startDate,
      endDate: link.endDate,
      closesAt: link.closesAt,
      state: feedbackState(link.endDate, link.closesAt, now),
      modules: modules.map((m) => ({ id: m.id, title: localized(m.titles, locale) })),
      trainers,
      answer: answer
        ? {
            overall: answer.overall,
            modules: rated(FeedbackSubject.Module),
            trainers: rated(FeedbackSubject.Trainer),
            mostUseful: answer.mostUseful,
            missing: answer.missing,
          }
        : null,
    };
  }
}
