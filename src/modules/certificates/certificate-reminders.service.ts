import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { formatDate } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { translate } from '@cascade/i18n';

import type { LocalizedText } from '../courses/index.js';
import { MessageKind, MessagesService } from '../messages/index.js';
import { certificateLocale, localizedText } from './certificate-view.js';

/** Days before expiry a trainee is reminded, the farthest first. */
export const REMINDER_DAYS = [60, 14] as const;
export type ReminderStage = (typeof REMINDER_DAYS)[number];

const DAY_MS = 24 * 3600 * 1000;

interface ExpiringRow {
  certificateId: string;
  code: string;
  traineeId: string;
  preferredLanguage: string | null;
  eventLanguage: string;
  courseTitles: LocalizedText;
  expiresAt: Date;
}

/** What one run of the reminders did. */
export interface ReminderRun {
  now: string;
  certificates: number;
  written: number;
  alreadyWritten: number;
}

/**
 * The expiry reminders: a certificate still current (neither revoked nor renewed) whose expiry is
 * at most 60 days away gets the 60-day reminder, at most 14 days the 14-day one. Each is written
 * once (its dedupe key `cert-expiry:<certificateId>:<60|14>`), in the trainee's language, else the
 * event's; a run that missed days sends only the nearer one. `now` is the day looked from.
 */
@Injectable()
export class CertificateRemindersService {
  private readonly logger = new Logger(CertificateRemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: MessagesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async remindExpiring(now: Date): Promise<ReminderRun> {
    const rows = await this.dataSource.query<ExpiringRow[]>(
      `SELECT c.id AS "certificateId", c.code, t.id AS "traineeId", t.preferred_language AS "preferredLanguage",
              e.language AS "eventLanguage", co.titles AS "courseTitles", c.expires_at AS "expiresAt"
         FROM certificates c
         JOIN enrollments en ON en.id = c.enrollment_id
         JOIN trainees t ON t.id = en.trainee_id
         JOIN training_events e ON e.id = en.event_id
         JOIN courses co ON co.id = e.course_id
        WHERE c.revoked_at IS NULL AND c.renewed_at IS NULL
          AND c.expires_at > $1 AND c.expires_at <= $1::timestamptz + make_interval(days => $2)
          AND t.consent_withdrawn_at IS NULL AND t.email IS NOT NULL
        ORDER BY c.expires_at, c.id`,
      [now, REMINDER_DAYS[0]],
    );
    const run: ReminderRun = { now: now.toISOString(), certificates: rows.length, written: 0, alreadyWritten: 0 };
    for (const row of rows) {
      const queued = await this.messages.queue(this.reminder(row, stageOf(row.expiresAt, now)));
      if (queued.messageId && queued.created) run.written++;
      else run.alreadyWritten++;
    }
    this.logger.log({ ...run }, 'Certificate expiry reminders written');
    return run;
  }

  private reminder(row: ExpiringRow, stage: ReminderStage) {
    const locale = certificateLocale(row.preferredLanguage, row.eventLanguage);
    const params = {
      course: localizedText(row.courseTitles, locale),
      code: row.code,
      date: formatDate(locale, new Date(row.expiresAt)),
      link: `${this.config.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/verify/${row.code}`,
    };
    return {
      dedupeKey: `cert-expiry:${row.certificateId}:${stage}`,
      kind: MessageKind.CertificateExpiry,
      traineeId: row.traineeId,
      locale,
      subject: translate(locale, `mail.certificate_expiry.subject_${stage}`, params),
      bodyText: translate(locale, 'mail.certificate_expiry.body', params),
    };
  }
}

/** The nearest reminder a certificate is due: 14 within 14 days of expiry, else 60. */
export function stageOf(expiresAt: Date, now: Date): ReminderStage {
  const daysLeft = (new Date(expiresAt).getTime() - now.getTime()) / DAY_MS;
  return daysLeft <= REMINDER_DAYS[1] ? REMINDER_DAYS[1] : REMINDER_DAYS[0];
}
