import type { Readable } from 'node:stream';

import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { escapeLiteral, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, csvConventions, csvSafe, csvSafeSql } from '@cascade/common';
import { connectionPool, csvCopyStream } from '@cascade/database';
import { type Locale, translate } from '@cascade/i18n';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import { Country } from '../countries/index.js';
import { Profession, Sex } from '../reference/index.js';
import type { ExportTraineesQueryDto } from './dto/export-trainees-query.dto.js';

/** The columns of the file, in order; their headers are `trainees.export.columns.<column>`. */
export const TRAINEE_EXPORT_COLUMNS = [
  'id',
  'full_name',
  'latin_name',
  'sex',
  'profession',
  'organization',
  'region',
  'birth_year',
  'phone',
  'email',
  'consent_given_on',
  'consent_withdrawn_on',
] as const;

export interface TraineeExport {
  stream: Readable;
  fileName: string;
  rows: number;
}

/**
 * A country's trainee list as CSV, streamed: PostgreSQL writes the CSV itself (COPY … TO STDOUT,
 * labels, blanking and formula-escaping in the query) on a client of its own, and the bytes go to
 * the reply with backpressure all the way, so memory stays flat whatever the size. Personal data:
 * the export is audited before its first byte leaves.
 */
/**
 * Held on the export's client while it is checked out: a connection lost mid-file fails the
 * statement and so the stream; without a listener, the client's own 'error' would end the process.
 */
function connectionLost(): void {}

@Injectable()
export class TraineeExportService {
  private readonly logger = new Logger(TraineeExportService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(user: AuthUser, query: ExportTraineesQueryDto, locale: Locale): Promise<TraineeExport> {
    // Another country answers as one that does not exist (README: out of scope is not there).
    assertCanAccess(user, Permission.TraineesExport, { countryCode: query.country, personal: true });
    if (!(await this.dataSource.getRepository(Country).existsBy({ code: query.country }))) {
      throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    }
    const where = filterOf(query);

    const pool = connectionPool(this.dataSource);
    const client = await pool.connect();
    client.on('error', connectionLost);
    let rows: number;
    try {
      // One snapshot for the count the audit records and the rows the file holds.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const counted = await client.query<{ rows: number }>(
        `SELECT count(*)::int AS rows FROM trainees trainee WHERE ${where}`,
      );
      rows = counted.rows[0]?.rows ?? 0;
      await this.audit(query, rows);
    } catch (error) {
      client.removeListener('error', connectionLost);
      client.release(true);
      throw error;
    }

    const headers = TRAINEE_EXPORT_COLUMNS.map((key) => translate(locale, `trainees.export.columns.${key}`));
    const stream = csvCopyStream(
      client,
      selectOf(where, locale),
      headers,
      (error) => this.release(client, error),
      csvConventions(locale).delimiter,
    );
    return { stream, fileName: `trainees-${query.country}-${new Date().toISOString().slice(0, 10)}.csv`, rows };
  }

  /** One row per export: who, which filters, how many trainees; never a name. */
  private async audit(query: ExportTraineesQueryDto, rows: number): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const filters = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
      await auditBulkWrite(runner, {
        action: AuditAction.Export,
        entityType: 'trainee',
        entityId: query.country,
        changedFields: [],
        values: { filters, rows },
      });
    } finally {
      await runner.release();
    }
  }

  /**
   * The cursor's client goes back to the pool once the file is sent; after an error or a client
   * that went away mid-file, it is discarded rather than reused with an open transaction.
   */
  private release(client: PoolClient, error: Error | null | undefined): void {
    const giveBack = (releaseError?: Error | boolean) => {
      client.removeListener('error', connectionLost);
      client.release(releaseError);
    };
    if (error) {
      // A client that leaves mid-file is ordinary; anything else is worth a line.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.warn({ err: error }, 'Trainee export failed');
      giveBack(true);
      return;
    }
    client.query('COMMIT').then(
      () => giveBack(),
      (commitError: unknown) => giveBack(commitError as Error),
    );
  }
}

/**
 * The WHERE clause, its values written in as literals: COPY takes no parameters. They are
 * validated by the DTO (codes, uuids, an enum) and quoted by pg's escapeLiteral all the same.
 */
function filterOf(query: ExportTraineesQueryDto): string {
  const conditions = [`trainee.country_code = ${escapeLiteral(query.country)}`];
  if (query.region) conditions.push(`trainee.region_code = ${escapeLiteral(query.region)}`);
  if (query.organization) conditions.push(`trainee.organization_id = ${escapeLiteral(query.organization)}`);
  if (query.profession) conditions.push(`trainee.profession = ${escapeLiteral(query.profession)}`);
  if (query.event) {
    conditions.push(`EXISTS (SELECT 1 FROM enrollments enrollment
                             WHERE enrollment.trainee_id = trainee.id AND enrollment.event_id = ${escapeLiteral(query.event)})`);
  }
  return conditions.join(' AND ');
}

/** `CASE column WHEN value THEN label …`: an enum's values named in the locale, as CSV-safe literals. */
function labels(column: string, values: string[], keyOf: (value: string) => string, locale: Locale): string {
  const cases = values.map(
    (value) => `WHEN ${escapeLiteral(value)} THEN ${escapeLiteral(String(csvSafe(translate(locale, keyOf(value)))))}`,
  );
  return `CASE ${column} ${cases.join(' ')} END`;
}

/**
 * The file's rows in name order, every value already as the file shows it: sex and profession
 * named in the locale, text a spreadsheet could run kept as text (csvSafeSql), and a trainee who
 * withdrew consent without name, birth year or contact (the service erased them; the CASEs keep
 * it so should an erasure ever be incomplete).
 */
function selectOf(where: string, locale: Locale): string {
  const kept = (column: string) => `CASE WHEN trainee.consent_withdrawn_at IS NULL THEN trainee.${column} END`;
  return `
    SELECT listed.id, ${csvSafeSql('listed.full_name')}, ${csvSafeSql('listed.latin_name')},
           ${labels('listed.sex', Object.values(Sex), (sex) => `enums.sex.${sex}`, locale)},
           ${labels('listed.profession', Object.values(Profession), (profession) => `enums.profession.${profession}`, locale)},
           ${csvSafeSql('listed.organization')}, ${csvSafeSql('listed.region')}, listed.birth_year,
           ${csvSafeSql('listed.phone')}, ${csvSafeSql('listed.email')}, listed.consent_given_on, listed.consent_withdrawn_on
      FROM (SELECT trainee.id,
                   ${kept('full_name')} AS full_name,
                   ${kept('latin_name')} AS latin_name,
                   trainee.sex,
                   trainee.profession,
                   organization.name AS organization,
                   COALESCE(region.names ->> ${escapeLiteral(locale)}, region.names ->> 'en') AS region,
                   ${kept('birth_year')} AS birth_year,
                   ${kept('phone')} AS phone,
                   ${kept('email')} AS email,
                   to_char(trainee.consent_given_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS consent_given_on,
                   to_char(trainee.consent_withdrawn_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS consent_withdrawn_on,
                   trainee.full_name AS sort_name
              FROM trainees trainee
              LEFT JOIN organizations organization ON organization.id = trainee.organization_id
              LEFT JOIN regions region ON region.code = trainee.region_code
             WHERE ${where}) listed
     ORDER BY listed.sort_name NULLS LAST, listed.id`;
}
