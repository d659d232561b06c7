import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, Permission } from '@cascade/auth';
import { csvSafe } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import type { LocalizedText } from '../courses/index.js';
import { isoDay } from './certificate-dates.js';
import { type CertificateStatus, certificateStatus, localizedText } from './certificate-view.js';
import type { CertificateRegisterQueryDto } from './dto/certificate-register.dto.js';

export const REGISTER_PAGE_SIZE = 50;

/** One certificate of a country's register. */
export interface RegisterRow {
  id: string;
  code: string;
  traineeName: string | null;
  courseTitle: string;
  eventId: string;
  venue: string;
  startDate: string;
  endDate: string;
  issuedOn: string;
  expiresOn: string | null;
  status: CertificateStatus;
  locale: string;
}

interface RawRow {
  id: string;
  code: string;
  traineeName: string | null;
  courseTitles: LocalizedText;
  eventId: string;
  venue: string;
  startDate: string;
  endDate: string;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  renewedAt: Date | null;
  locale: string;
}

const EXPORT_COLUMNS = [
  'code',
  'holder',
  'course',
  'venue',
  'dates',
  'issued',
  'expires',
  'status',
  'language',
] as const;

/**
 * A country's certificates for its officers: filtered by course, year of issue and status, paged
 * in SQL, and exported as CSV or XLSX (audited: personal data leaves).
 */
@Injectable()
export class CertificateRegisterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: CertificateRegisterQueryDto, locale: Locale) {
    this.assertCountry(user, query.country);
    const page = query.page ?? 1;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${FROM} ${WHERE}`,
      params(query),
    );
    const rows = await this.dataSource.query<RawRow[]>(
      `${SELECT} ${FROM} ${WHERE} ORDER BY c.issued_at DESC, c.id LIMIT ${REGISTER_PAGE_SIZE} OFFSET $5`,
      [...params(query), (page - 1) * REGISTER_PAGE_SIZE],
    );
    return {
      total,
      page,
      pages: Math.max(1, Math.ceil(total / REGISTER_PAGE_SIZE)),
      rows: rows.map((row) => shown(row, locale)),
    };
  }

  /** The register as a file, every row the filters keep, headers and statuses in the caller's language. */
  async export(
    user: AuthUser,
    query: CertificateRegisterQueryDto,
    format: 'csv' | 'xlsx',
    locale: Locale,
  ): Promise<{ content: Buffer; fileName: string; type: string }> {
    this.assertCountry(user, query.country);
    const rows = (
      await this.dataSource.query<RawRow[]>(`${SELECT} ${FROM} ${WHERE} ORDER BY c.issued_at DESC, c.id`, params(query))
    ).map((row) => shown(row, locale));
    const runner = this.dataSource.createQueryRunner();
    try {
      const filters = Object.fromEntries(
        Object.entries(query).filter(([key, value]) => value !== undefined && key !== 'page'),
      );
      await auditBulkWrite(runner, {
        action: AuditAction.Export,
        entityType: 'certificate',
        entityId: query.country,
        changedFields: [],
        values: { filters, rows: rows.length, format },
      });
    } finally {
      await runner.release();
    }
    const header = EXPORT_COLUMNS.map((column) => translate(locale, `web.certificates.columns.${column}`));
    const cells = rows.map((row) => [
      row.code,
      row.traineeName ?? '',
      row.courseTitle,
      row.venue,
      row.startDate === row.endDate ? row.startDate : `${row.startDate} – ${row.endDate}`,
      row.issuedOn,
      row.expiresOn ?? '',
      translate(locale, `enums.certificate_status.${row.status}`),
      row.locale,
    ]);
    const fileName = `certificates-${query.country}-${new Date().toISOString().slice(0, 10)}.${format}`;
    if (format === 'csv') {
      const csv = stringify([header, ...cells.map((line) => line.map((cell) => csvSafe(cell)))], { bom: true });
      return { content: Buffer.from(csv, 'utf8'), fileName, type: 'text/csv; charset=utf-8' };
    }
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(translate(locale, 'web.certificates.register_title').slice(0, 31));
    sheet.addRow(header).font = { bold: true };
    cells.forEach((line) => sheet.addRow(line));
    sheet.columns.forEach((column) => (column.width = 24));
    return {
      content: Buffer.from(await workbook.xlsx.writeBuffer()),
      fileName,
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }

  /** Another country answers as one that does not exist (README: out of scope is not there). */
  private assertCountry(user: AuthUser, countryCode: string): void {
    assertCanAccess(user, Permission.CertificatesManage, { countryCode, personal: true });
  }
}

const SELECT = `SELECT c.id, c.code, t.full_name AS "traineeName", co.titles AS "courseTitles", e.id AS "eventId", e.venue,
       to_char(e.start_date, 'YYYY-MM-DD') AS "startDate", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate",
       c.issued_at AS "issuedAt", c.expires_at AS "expiresAt", c.revoked_at AS "revokedAt",
       c.renewed_at AS "renewedAt", c.locale`;

const FROM = `FROM certificates c
  JOIN enrollments en ON en.id = c.enrollment_id
  JOIN trainees t ON t.id = en.trainee_id
  JOIN training_events e ON e.id = en.event_id
  JOIN courses co ON co.id = e.course_id`;

// The status filter is the certificateStatus rule in SQL: revoked first, then renewed, then expired.
const WHERE = `WHERE e.country_code = $1
  AND ($2::uuid IS NULL OR e.course_id = $2)
  AND ($3::int IS NULL OR extract(year FROM c.issued_at AT TIME ZONE 'UTC') = $3)
  AND ($4::text IS NULL
       OR ($4 = 'revoked' AND c.revoked_at IS NOT NULL)
       OR ($4 = 'renewed' AND c.revoked_at IS NULL AND c.renewed_at <= now())
       OR ($4 = 'expired' AND c.revoked_at IS NULL AND (c.renewed_at IS NULL OR c.renewed_at > now()) AND c.expires_at <= now())
       OR ($4 = 'valid' AND c.revoked_at IS NULL AND (c.renewed_at IS NULL OR c.renewed_at > now())
           AND (c.expires_at IS NULL OR c.expires_at > now())))`;

const params = (query: CertificateRegisterQueryDto) => [
  query.country,
  query.course ?? null,
  query.year ?? null,
  query.status ?? null,
];

function shown(row: RawRow, locale: Locale): RegisterRow {
  return {
    id: row.id,
    code: row.code,
    traineeName: row.traineeName,
    courseTitle: localizedText(row.courseTitles, locale),
    eventId: row.eventId,
    venue: row.venue,
    startDate: row.startDate,
    endDate: row.endDate,
    issuedOn: isoDay(new Date(row.issuedAt)),
    expiresOn: row.expiresAt ? isoDay(new Date(row.expiresAt)) : null,
    status: certificateStatus(row),
    locale: row.locale,
  };
}
