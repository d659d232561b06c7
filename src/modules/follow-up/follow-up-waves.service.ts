import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { formatDate } from '@cascade/common';
import { DEFAULT_LOCALE, isLocale, translate } from '@cascade/i18n';

import { localized } from '../courses/index.js';
import { MessageKind, MessagesService } from '../messages/index.js';
import { FollowUpLinksService, LINK_DAYS } from './follow-up-links.service.js';

/** Days after a wave's link is written that a trainee who has not answered is reminded. */
export const REMINDER_DAYS = [7, 14] as const;

const DAY_MS = 24 * 3600 * 1000;

/** What one run did. */
export interface FollowUpRun {
  now: string;
  linksOpened: number;
  written: number;
  alreadyWritten: number;
  noAddress: number;
}

interface OpenLinkRow {
  linkId: string;
  traineeId: string;
  nonce: Buffer;
  openedAt: Date;
  expiresAt: Date;
  monthsAfter: number;
  courseTitles: Record<string, string>;
  traineeLanguage: string | null;
  eventLanguage: string;
}

/**
 * The practice follow-up's daily run, at `now` (the injected clock): every completer whose event's
 * last day was a wave's months ago (within the link's 30 days) gets a personal link for it, and each
 * open link not answered, of a trainee who has neither opted out nor withdrawn consent, gets the
 * message of its stage: the wave's first message, then a reminder at 7 and at 14 days. Each message
 * is written once (its dedupe key `follow-up:<linkId>:<wave|7|14>`), so a retried or doubled run
 * writes nothing twice; a run that missed days sends only the stage it is at.
 */
@Injectable()
export class FollowUpWavesService {
  private readonly logger = new Logger(FollowUpWavesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: FollowUpLinksService,
    private readonly messages: MessagesService,
  ) {}

  async run(now: Date): Promise<FollowUpRun> {
    const run: FollowUpRun = { now: now.toISOString(), linksOpened: 0, written: 0, alreadyWritten: 0, noAddress: 0 };
    const due = await this.dataSource.query<{ enrollmentId: string; monthsAfter: number }[]>(
      `SELECT en.id AS "enrollmentId", w.months_after AS "monthsAfter"
         FROM enrollments en
         JOIN trainees t ON t.id = en.trainee_id
         JOIN training_events e ON e.id = en.event_id
         JOIN follow_up_waves w ON w.course_id = e.course_id
        WHERE en.status = 'completed' AND e.status <> 'cancelled'
          AND t.consent_withdrawn_at IS NULL AND t.merged_into_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM follow_up_opt_outs o WHERE o.trainee_id = t.id)
          AND (e.end_date + make_interval(months => w.months_after))::timestamptz <= $1
          AND (e.end_date + make_interval(months => w.months_after, days => $2))::timestamptz > $1
          AND NOT EXISTS (SELECT 1 FROM follow_up_links l WHERE l.enrollment_id = en.id AND l.months_after = w.months_after)
        ORDER BY e.end_date, en.id`,
      [now, LINK_DAYS],
    );
    for (const { enrollmentId, monthsAfter } of due) {
      if (await this.links.open(this.dataSource.manager, enrollmentId, monthsAfter, now)) run.linksOpened++;
    }
    const open = await this.dataSource.query<OpenLinkRow[]>(
      `SELECT l.id AS "linkId", t.id AS "traineeId", l.nonce, l.opened_at AS "openedAt", l.expires_at AS "expiresAt",
              l.months_after AS "monthsAfter", c.titles AS "courseTitles",
              t.preferred_language AS "traineeLanguage", e.language AS "eventLanguage"
         FROM follow_up_links l
         JOIN enrollments en ON en.id = l.enrollment_id
         JOIN trainees t ON t.id = en.trainee_id
         JOIN training_events e ON e.id = en.event_id
         JOIN courses c ON c.id = e.course_id
        WHERE l.opened_at <= $1 AND l.expires_at > $1 AND t.consent_withdrawn_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM follow_up_answers a WHERE a.link_id = l.id)
          AND NOT EXISTS (SELECT 1 FROM follow_up_opt_outs o WHERE o.trainee_id = t.id)
        ORDER BY l.opened_at, l.id`,
      [now],
    );
    for (const row of open) {
      const queued = await this.messages.queue(this.message(row, stageOf(row.openedAt, now)));
      if (queued.messageId === null) run.noAddress += queued.reason === 'no_address' ? 1 : 0;
      else if (queued.created) run.written++;
      else run.alreadyWritten++;
    }
    this.logger.log({ ...run }, 'Follow-up waves and reminders written');
    return run;
  }

  private message(row: OpenLinkRow, stage: 'wave' | (typeof REMINDER_DAYS)[number]) {
    const locale = [row.traineeLanguage, row.eventLanguage].find(isLocale) ?? DEFAULT_LOCALE;
    const urls = this.links.urls(row.nonce);
    const params = {
      course: localized(row.courseTitles, locale),
      months: row.monthsAfter,
      link: urls.form,
      optOut: urls.optOut,
      date: formatDate(locale, new Date(new Date(row.expiresAt).getTime() - 1)),
    };
    const reminder = stage !== 'wave';
    return {
      dedupeKey: `follow-up:${row.linkId}:${stage}`,
      kind: reminder ? MessageKind.FollowUpReminder : MessageKind.FollowUpWave,
      traineeId: row.traineeId,
      locale,
      subject: translate(locale, reminder ? 'mail.follow_up.reminder_subject' : 'mail.follow_up.subject', params),
      bodyText: translate(locale, 'mail.follow_up.body', params),
    };
  }
}

/** The message a link is due at `now`: its first one, or the 7- or 14-day reminder. */
export function stageOf(openedAt: Date, now: Date): 'wave' | (typeof REMINDER_DAYS)[number] {
  const days = (now.getTime() - new Date(openedAt).getTime()) / DAY_MS;
  if (days >= REMINDER_DAYS[1]) return REMINDER_DAYS[1];
  if (days >= REMINDER_DAYS[0]) return REMINDER_DAYS[0];
  return 'wave';
}
