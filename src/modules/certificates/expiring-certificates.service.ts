import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, Permission } from '@cascade/auth';
import type { Locale } from '@cascade/i18n';

import type { LocalizedText } from '../courses/index.js';
import { isoDay } from './certificate-dates.js';
import { localizedText } from './certificate-view.js';
import type { ExpiringCertificatesQueryDto } from './dto/expiring-certificates.dto.js';

export const EXPIRING_PAGE_SIZE = 50;

/** A certificate that expires soon, with the last reminder written about it. */
export interface ExpiringCertificate {
  id: string;
  code: string;
  traineeName: string | null;
  courseTitle: string;
  expiresOn: string;
  daysLeft: number;
  /** The outbox status of the latest reminder (60 or 14 days), null when none was written. */
  reminderStatus: string | null;
  reminderDays: number | null;
}

interface RawRow extends Omit<ExpiringCertificate, 'courseTitle' | 'expiresOn'> {
  courseTitles: LocalizedText;
  expiresAt: Date;
}

/**
 * A country's certificates as time passes: those that expire soon (for the officer to plan
 * refreshers), and how many were valid on a given day (for reports).
 */
@Injectable()
export class ExpiringCertificatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: ExpiringCertificatesQueryDto, locale: Locale, now = new Date()) {
    assertCanAccess(user, Permission.CertificatesManage, { countryCode: query.country, personal: true });
    const page = query.page ?? 1;
    const params = [query.country, now, query.within ?? 60];
    const where = `WHERE e.country_code = $1 AND c.revoked_at IS NULL AND c.renewed_at IS NULL
                     AND c.expires_at > $2 AND c.expires_at <= $2::timestamptz + make_interval(days => $3)`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${FROM} ${where}`,
      params,
    );
    const rows = await this.dataSource.query<RawRow[]>(
      `SELECT c.id, c.code, t.full_name AS "traineeName", co.titles AS "courseTitles", c.expires_at AS "expiresAt",
              ceil(extract(epoch FROM c.expires_at - $2::timestamptz) / 86400)::int AS "daysLeft",
              r.status AS "reminderStatus", r.days AS "reminderDays"
         ${FROM}
         LEFT JOIN LATERAL (
           SELECT m.status::text, split_part(m.dedupe_key, ':', 3)::int AS days
             FROM outbox_messages m
            WHERE m.dedupe_key IN ('cert-expiry:' || c.id || ':60', 'cert-expiry:' || c.id || ':14')
            ORDER BY m.created_at DESC LIMIT 1) r ON true
         ${where}
        ORDER BY c.expires_at, c.id LIMIT ${EXPIRING_PAGE_SIZE} OFFSET $4`,
      [...params, (page - 1) * EXPIRING_PAGE_SIZE],
    );
    return {
      total,
      page,
      pages: Math.max(1, Math.ceil(total / EXPIRING_PAGE_SIZE)),
      rows: rows.map(({ courseTitles, expiresAt, ...row }): ExpiringCertificate => ({
        ...row,
        courseTitle: localizedText(courseTitles, locale),
        expiresOn: isoDay(new Date(expiresAt)),
      })),
    };
  }

  /**
   * Certificates of a country's events valid at the end of a day (UTC): issued by then, not
   * revoked, not expired and not renewed by then. A revocation counts whenever it happened: a
   * revoked certificate was never rightly valid.
   */
  async validAt(user: AuthUser, countryCode: string, day: string): Promise<number> {
    assertCanAccess(user, Permission.CertificatesManage, { countryCode });
    const [{ valid }] = await this.dataSource.query<{ valid: number }[]>(
      `SELECT count(*)::int AS valid ${FROM}
        WHERE e.country_code = $1 AND c.revoked_at IS NULL
          AND c.issued_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
          AND (c.expires_at IS NULL OR c.expires_at >= ($2::date + 1)::timestamp AT TIME ZONE 'UTC')
          AND (c.renewed_at IS NULL OR c.renewed_at >= ($2::date + 1)::timestamp AT TIME ZONE 'UTC')`,
      [countryCode, day],
    );
    return valid;
  }
}

const FROM = `FROM certificates c
  JOIN enrollments en ON en.id = c.enrollment_id
  JOIN trainees t ON t.id = en.trainee_id
  JOIN training_events e ON e.id = en.event_id
  JOIN courses co ON co.id = e.course_id`;
