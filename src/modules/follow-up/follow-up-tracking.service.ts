import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { localized } from '../courses/index.js';
import { loadEventAccess } from '../events/index.js';
import type { FollowUpAnswerInput } from './follow-up-answer-check.js';
import { FollowUpFieldCode } from './follow-up-error-code.js';
import { type FollowUpForm, FollowUpLinksService } from './follow-up-links.service.js';
import { type FollowUpQuestion, loadQuestions } from './follow-up-questions.js';

/** One completer in one wave, as the officer follows it. */
export interface FollowUpPerson {
  traineeId: string;
  fullName: string | null;
  hasEmail: boolean;
  linkId: string | null;
  expiresAt: Date | null;
  /** The wave's first message in the outbox: queued, sent, kept, failed…; null when none was written. */
  sent: string | null;
  reminders: number;
  bounced: boolean;
  answeredAt: Date | null;
  channel: 'link' | 'phone' | 'paper' | null;
  collectedBy: string | null;
  optedOut: boolean;
}

/** A wave of an event: when it is due and how its completers responded. */
export interface FollowUpWaveTracking {
  monthsAfter: number;
  dueOn: string;
  completers: number;
  sent: number;
  reminded: number;
  answered: number;
  optedOut: number;
  bounced: number;
  noEmail: number;
  people: FollowUpPerson[];
}

/** An event's follow-up as its officers follow it; comments are for officers only. */
export interface FollowUpEventTracking {
  eventId: string;
  courseId: string;
  courseTitle: string;
  startDate: string;
  endDate: string;
  waves: FollowUpWaveTracking[];
  comments: { monthsAfter: number; comment: string }[];
}

/** One completer in one wave as a trainer of the event sees it: whether, never what, they answered. */
export type FollowUpPersonProgress = Pick<
  FollowUpPerson,
  'traineeId' | 'fullName' | 'linkId' | 'expiresAt' | 'answeredAt' | 'channel' | 'collectedBy' | 'optedOut'
>;

/** An event's waves for whoever may enter answers: who answered, opted out or let the link expire. */
export interface FollowUpEventProgress extends Omit<FollowUpEventTracking, 'waves' | 'comments'> {
  waves: { monthsAfter: number; dueOn: string; people: FollowUpPersonProgress[] }[];
}

/** A course's follow-up as data: its waves and the newest questions with whom each is asked. */
export interface FollowUpSchedule {
  courseId: string;
  courseTitle: string;
  waves: number[];
  version: number;
  questions: FollowUpQuestion[];
}

interface PersonRow extends FollowUpPerson {
  monthsAfter: number;
  dueOn: string;
}

/**
 * The officer's side of the follow-up: each event's waves with who was written to, reminded,
 * answered, opted out or bounced, the comments (never shown outside this permission), and answers
 * collected by phone or on paper. Scoped to the officer's countries through the event's access;
 * a trainer of the event may enter answers too and see who answered, nothing more.
 */
@Injectable()
export class FollowUpTrackingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: FollowUpLinksService,
  ) {}

  async eventTracking(user: AuthUser, eventId: string, locale: Locale): Promise<FollowUpEventTracking> {
    const manager = this.dataSource.manager;
    await loadEventAccess(manager, user, Permission.FollowUpManage, { eventId }, { personal: true });
    const tracked = await this.tracked(manager, eventId, locale);
    const comments = await manager.query<{ monthsAfter: number; comment: string }[]>(
      // In no order that follows the people or the time of answering.
      `SELECT months_after AS "monthsAfter", comment FROM follow_up_answers
        WHERE event_id = $1 AND comment IS NOT NULL ORDER BY months_after, md5(id::text)`,
      [eventId],
    );
    return { ...tracked, comments };
  }

  /**
   * Who answered each wave, for whoever may enter answers (a trainer of the event among them):
   * names and states only, never an answer, a comment or what the mail server said.
   */
  async eventProgress(user: AuthUser, eventId: string, locale: Locale): Promise<FollowUpEventProgress> {
    const manager = this.dataSource.manager;
    await loadEventAccess(manager, user, Permission.FollowUpEnter, { eventId }, { personal: true });
    const { waves, ...event } = await this.tracked(manager, eventId, locale);
    return {
      ...event,
      waves: waves.map((wave) => ({
        monthsAfter: wave.monthsAfter,
        dueOn: wave.dueOn,
        people: wave.people.map((p) => ({
          traineeId: p.traineeId,
          fullName: p.fullName,
          linkId: p.linkId,
          expiresAt: p.expiresAt,
          answeredAt: p.answeredAt,
          channel: p.channel,
          collectedBy: p.collectedBy,
          optedOut: p.optedOut,
        })),
      })),
    };
  }

  private async tracked(
    manager: EntityManager,
    eventId: string,
    locale: Locale,
  ): Promise<Omit<FollowUpEventTracking, 'comments'>> {
    const [event] = await manager.query<
      { courseId: string; titles: Record<string, string>; startDate: string; endDate: string }[]
    >(
      `SELECT c.id AS "courseId", c.titles, to_char(e.start_date, 'YYYY-MM-DD') AS "startDate",
              to_char(e.end_date, 'YYYY-MM-DD') AS "endDate"
         FROM training_events e JOIN courses c ON c.id = e.course_id WHERE e.id = $1`,
      [eventId],
    );
    const rows = await manager.query<PersonRow[]>(
      `SELECT w.months_after AS "monthsAfter", to_char(e.end_date + make_interval(months => w.months_after), 'YYYY-MM-DD') AS "dueOn",
              t.id AS "traineeId", t.full_name AS "fullName", t.email IS NOT NULL AS "hasEmail",
              l.id AS "linkId", l.expires_at AS "expiresAt",
              (SELECT m.status::text FROM outbox_messages m WHERE m.dedupe_key = 'follow-up:' || l.id || ':wave') AS sent,
              (SELECT count(*)::int FROM outbox_messages m
                WHERE m.dedupe_key IN ('follow-up:' || l.id || ':7', 'follow-up:' || l.id || ':14')) AS reminders,
              EXISTS (SELECT 1 FROM outbox_messages m WHERE m.dedupe_key LIKE 'follow-up:' || l.id || ':%'
                         AND m.status = 'failed') AS bounced,
              a.answered_at AS "answeredAt", a.channel, u.display_name AS "collectedBy",
              o.trainee_id IS NOT NULL AS "optedOut"
         FROM enrollments en
         JOIN trainees t ON t.id = en.trainee_id
         JOIN training_events e ON e.id = en.event_id
         JOIN follow_up_waves w ON w.course_id = e.course_id
         LEFT JOIN follow_up_links l ON l.enrollment_id = en.id AND l.months_after = w.months_after
         LEFT JOIN follow_up_answers a ON a.link_id = l.id
         LEFT JOIN users u ON u.id = a.collected_by
         LEFT JOIN follow_up_opt_outs o ON o.trainee_id = t.id
        WHERE en.event_id = $1 AND en.status = 'completed' AND t.consent_withdrawn_at IS NULL
        ORDER BY w.months_after, t.full_name, t.id`,
      [eventId],
    );
    // Answers of trainees who withdrew consent no longer point to anyone, yet still count.
    const detached = await manager.query<{ monthsAfter: number; n: number }[]>(
      `SELECT months_after AS "monthsAfter", count(*)::int AS n FROM follow_up_answers
        WHERE event_id = $1 AND link_id IS NULL GROUP BY 1`,
      [eventId],
    );
    const waves = new Map<number, FollowUpWaveTracking>();
    for (const row of rows) {
      let wave = waves.get(row.monthsAfter);
      if (!wave) {
        wave = {
          monthsAfter: row.monthsAfter,
          dueOn: row.dueOn,
          completers: 0,
          sent: 0,
          reminded: 0,
          answered: detached.find((d) => d.monthsAfter === row.monthsAfter)?.n ?? 0,
          optedOut: 0,
          bounced: 0,
          noEmail: 0,
          people: [],
        };
        waves.set(row.monthsAfter, wave);
      }
      const person: FollowUpPerson = {
        traineeId: row.traineeId,
        fullName: row.fullName,
        hasEmail: row.hasEmail,
        linkId: row.linkId,
        expiresAt: row.expiresAt,
        sent: row.sent,
        reminders: row.reminders,
        bounced: row.bounced,
        answeredAt: row.answeredAt,
        channel: row.channel,
        collectedBy: row.collectedBy,
        optedOut: row.optedOut,
      };
      wave.completers++;
      if (person.sent === 'sent' || person.sent === 'kept') wave.sent++;
      if (person.reminders > 0) wave.reminded++;
      if (person.answeredAt) wave.answered++;
      if (person.optedOut) wave.optedOut++;
      if (person.bounced) wave.bounced++;
      if (!person.hasEmail) wave.noEmail++;
      wave.people.push(person);
    }
    return {
      eventId,
      courseId: event.courseId,
      courseTitle: localized(event.titles, locale),
      startDate: event.startDate,
      endDate: event.endDate,
      waves: [...waves.values()],
    };
  }

  /** The form of a link for an answer collected by phone or on paper, with the trainee's name. */
  async entryForm(user: AuthUser, linkId: string, locale: Locale): Promise<FollowUpForm & { fullName: string | null }> {
    return this.withLink(this.dataSource.manager, user, linkId, locale, new Date());
  }

  /** Records an answer collected by phone or on paper, naming who collected it; once per wave. */
  async enterAnswer(
    user: AuthUser,
    linkId: string,
    input: FollowUpAnswerInput,
    channel: string,
    now = new Date(),
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const form = await this.withLink(manager, user, linkId, undefined, now, true);
      if (channel !== 'phone' && channel !== 'paper') {
        throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, [
          {
            field: 'channel',
            code: FollowUpFieldCode.ChannelInvalid,
            messageKey: `validation.${FollowUpFieldCode.ChannelInvalid}`,
          },
        ]);
      }
      await this.links.record(manager, form, input, now, { channel, collectedBy: user.id });
    });
  }

  /** A course's waves and the newest questions; courses are shared by every country. */
  async schedule(courseId: string, locale: Locale): Promise<FollowUpSchedule> {
    const manager = this.dataSource.manager;
    const [course] = await manager.query<{ titles: Record<string, string>; waves: number[] }[]>(
      `SELECT c.titles, coalesce(array_agg(w.months_after ORDER BY w.months_after) FILTER (WHERE w.months_after IS NOT NULL), '{}') AS waves
         FROM courses c LEFT JOIN follow_up_waves w ON w.course_id = c.id WHERE c.id = $1 GROUP BY c.id`,
      [courseId],
    );
    if (!course) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    const { version, questions } = await loadQuestions(manager, locale);
    return { courseId, courseTitle: localized(course.titles, locale), waves: course.waves, version, questions };
  }

  private async withLink(
    manager: EntityManager,
    user: AuthUser,
    linkId: string,
    locale: Locale | undefined,
    now: Date,
    lock = false,
  ): Promise<FollowUpForm & { fullName: string | null }> {
    const form = await this.links.formById(manager, linkId, now, lock);
    if (!form) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    await loadEventAccess(manager, user, Permission.FollowUpEnter, { eventId: form.eventId }, { personal: true });
    const [{ fullName }] = await manager.query<{ fullName: string | null }[]>(
      'SELECT full_name AS "fullName" FROM trainees WHERE id = $1',
      [form.traineeId],
    );
    if (!locale || locale === form.locale) return { ...form, fullName };
    const { questions } = await loadQuestions(manager, locale, { version: form.version });
    return { ...form, fullName, questions: questions.filter((q) => form.questions.some((f) => f.key === q.key)) };
  }
}
