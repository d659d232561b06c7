import { createHmac } from 'node:crypto';

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { AppException } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@cascade/i18n';

import { localized } from '../courses/index.js';
import { newNonce, TOKEN_SHAPE, tokenHash, tokenOf } from '../feedback/index.js';
import { checkFollowUpAnswer, type FollowUpAnswerInput } from './follow-up-answer-check.js';
import { FollowUpErrorCode } from './follow-up-error-code.js';
import { type FollowUpQuestion, loadQuestions } from './follow-up-questions.js';

/** Days a wave's link takes an answer: past both reminders (7 and 14 days) with two weeks to spare. */
export const LINK_DAYS = 30;

/** Where a link stands: it takes an answer, was answered (once per wave), or its time is over. */
export type LinkState = 'open' | 'answered' | 'expired';

/** What the trainee's page shows. */
export interface FollowUpForm {
  locale: Locale;
  linkId: string;
  eventId: string;
  traineeId: string;
  courseTitle: string;
  endDate: string;
  monthsAfter: number;
  expiresAt: Date;
  state: LinkState;
  optedOut: boolean;
  version: number;
  questions: FollowUpQuestion[];
}

interface LinkRow {
  linkId: string;
  eventId: string;
  traineeId: string;
  profession: string;
  courseTitles: Record<string, string>;
  endDate: string;
  monthsAfter: number;
  expiresAt: Date;
  answered: boolean;
  optedOut: boolean;
  traineeLanguage: string | null;
  eventLanguage: string;
}

const LINK_SQL = `SELECT l.id AS "linkId", e.id AS "eventId", t.id AS "traineeId", t.profession::text AS profession,
         c.titles AS "courseTitles", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate", l.months_after AS "monthsAfter",
         l.expires_at AS "expiresAt", EXISTS (SELECT 1 FROM follow_up_answers a WHERE a.link_id = l.id) AS answered,
         EXISTS (SELECT 1 FROM follow_up_opt_outs o WHERE o.trainee_id = t.id) AS "optedOut",
         t.preferred_language AS "traineeLanguage", e.language AS "eventLanguage"
    FROM follow_up_links l
    JOIN enrollments en ON en.id = l.enrollment_id
    JOIN trainees t ON t.id = en.trainee_id
    JOIN training_events e ON e.id = en.event_id
    JOIN courses c ON c.id = e.course_id`;

const generatedKeys = new WeakMap<AppConfig, Buffer>();

/**
 * Personal follow-up links and what a trainee does through them: open the form, answer once,
 * opt out. A token is found by its hash only; an unknown, expired or answered link writes nothing.
 */
@Injectable()
export class FollowUpLinksService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The form behind a token, or null for a token no link has. */
  async form(token: string, now = new Date()): Promise<FollowUpForm | null> {
    const link = await this.findLink(this.dataSource.manager, { token });
    return link ? this.formOf(this.dataSource.manager, link, now) : null;
  }

  /** The form of a link by its id (the officer's entry of an answer), or null. */
  async formById(manager: EntityManager, linkId: string, now: Date, lock = false): Promise<FollowUpForm | null> {
    const link = await this.findLink(manager, { linkId }, lock);
    return link ? this.formOf(manager, link, now) : null;
  }

  /**
   * Writes the trainee's one answer to the wave, with the link locked: 404 unknown, 410 expired,
   * 409 already answered (a second send, a reused link); nothing is written then.
   */
  async answer(token: string, input: FollowUpAnswerInput, now = new Date()): Promise<FollowUpForm> {
    return this.dataSource.transaction(async (manager) => {
      const link = await this.findLink(manager, { token }, true);
      if (!link) throw new AppException(HttpStatus.NOT_FOUND, FollowUpErrorCode.FollowUpLinkUnknown);
      const form = await this.formOf(manager, link, now);
      if (form.state === 'expired') throw new AppException(HttpStatus.GONE, FollowUpErrorCode.FollowUpLinkExpired);
      await this.record(manager, form, input, now, { channel: 'link', collectedBy: null });
      return { ...form, state: 'answered' };
    });
  }

  /** Writes one answer for the link's wave, refusing a second one (409) and a bad one (400). */
  async record(
    manager: EntityManager,
    form: FollowUpForm,
    input: FollowUpAnswerInput,
    now: Date,
    by: { channel: 'link' | 'phone' | 'paper'; collectedBy: string | null },
  ): Promise<void> {
    if (form.state === 'answered') throw new AppException(HttpStatus.CONFLICT, FollowUpErrorCode.FollowUpAnswered);
    const checked = checkFollowUpAnswer(input, form.questions);
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO follow_up_answers (link_id, event_id, months_after, profession, question_version, answers, comment,
                                      channel, collected_by, answered_at)
       SELECT $1, $2, $3, t.profession, $4, $5, $6, $7, $8, $9
         FROM follow_up_links l JOIN enrollments en ON en.id = l.enrollment_id JOIN trainees t ON t.id = en.trainee_id
        WHERE l.id = $1
       ON CONFLICT (link_id) DO NOTHING RETURNING id`,
      [
        form.linkId,
        form.eventId,
        form.monthsAfter,
        form.version,
        JSON.stringify(checked.values),
        checked.comment,
        by.channel,
        by.collectedBy,
        now,
      ],
    );
    if (inserted.length === 0) throw new AppException(HttpStatus.CONFLICT, FollowUpErrorCode.FollowUpAnswered);
  }

  /** Stops every further follow-up message to the link's trainee (an expired link still opts out). */
  async optOut(token: string, now = new Date()): Promise<FollowUpForm> {
    const link = await this.findLink(this.dataSource.manager, { token });
    if (!link) throw new AppException(HttpStatus.NOT_FOUND, FollowUpErrorCode.FollowUpLinkUnknown);
    await this.dataSource.query(
      `INSERT INTO follow_up_opt_outs (trainee_id, opted_out_at) VALUES ($1, $2) ON CONFLICT (trainee_id) DO NOTHING`,
      [link.traineeId, now],
    );
    return { ...(await this.formOf(this.dataSource.manager, link, now)), optedOut: true };
  }

  /** Makes a link for a completer's wave unless it exists; gives its id when made. */
  async open(manager: EntityManager, enrollmentId: string, monthsAfter: number, now: Date): Promise<string | null> {
    const nonce = newNonce();
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO follow_up_links (enrollment_id, months_after, nonce, token_hash, opened_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $5::timestamptz + make_interval(days => $6))
       ON CONFLICT (enrollment_id, months_after) DO NOTHING RETURNING id`,
      [enrollmentId, monthsAfter, nonce, tokenHash(tokenOf(this.key(), nonce)), now, LINK_DAYS],
    );
    return rows[0]?.id ?? null;
  }

  /** The addresses of a link's form and opt-out page, from its stored nonce. */
  urls(nonce: Buffer): { form: string; optOut: string } {
    const form = `${this.config.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/follow-up/${tokenOf(this.key(), nonce)}`;
    return { form, optOut: `${form}/opt-out` };
  }

  /** The key tokens are made with: from JWT_SECRET (required in production), else one per process. */
  private key(): Buffer {
    const secret = this.config.env.JWT_SECRET;
    if (secret) return createHmac('sha256', secret).update('cascade follow-up links v1').digest();
    let key = generatedKeys.get(this.config);
    if (!key) generatedKeys.set(this.config, (key = newNonce()));
    return key;
  }

  private async findLink(
    manager: EntityManager,
    where: { token: string } | { linkId: string },
    lock = false,
  ): Promise<LinkRow | null> {
    if ('token' in where && !TOKEN_SHAPE.test(where.token)) return null;
    const [row] = await manager.query<LinkRow[]>(
      `${LINK_SQL} WHERE ${'token' in where ? 'l.token_hash = $1' : 'l.id = $1'} AND t.consent_withdrawn_at IS NULL
       ${lock ? 'FOR UPDATE OF l' : ''}`,
      ['token' in where ? tokenHash(where.token) : where.linkId],
    );
    return row ?? null;
  }

  private async formOf(manager: EntityManager, link: LinkRow, now: Date): Promise<FollowUpForm> {
    const locale = [link.traineeLanguage, link.eventLanguage].find(isLocale) ?? DEFAULT_LOCALE;
    const { version, questions } = await loadQuestions(manager, locale, { profession: link.profession });
    const expired = new Date(link.expiresAt).getTime() <= now.getTime();
    return {
      locale,
      linkId: link.linkId,
      eventId: link.eventId,
      traineeId: link.traineeId,
      courseTitle: localized(link.courseTitles, locale),
      endDate: link.endDate,
      monthsAfter: link.monthsAfter,
      expiresAt: link.expiresAt,
      state: link.answered ? 'answered' : expired ? 'expired' : 'open',
      optedOut: link.optedOut,
      version,
      questions,
    };
  }
}
