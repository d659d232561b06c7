import { pipeline, type Readable, Transform } from 'node:stream';

import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import type { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

import { assertCanAccess, type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode, csvSafe } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import { Country } from '../countries/index.js';
import type { Profession, Sex } from '../reference/index.js';
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

type Column = (typeof TRAINEE_EXPORT_COLUMNS)[number];
type ExportRow = Record<Column, string | number | null> & { sex: Sex; profession: Profession };

/** Rows fetched from the cursor at a time: enough to keep the socket busy, small enough to stay flat. */
const BATCH_SIZE = 500;

export interface TraineeExport {
  stream: Readable;
  fileName: string;
  rows: number;
}

/**
 * A country's trainee list as CSV, streamed: rows come from a server-side cursor on a client of
 * its own, through csv-stringify, to the reply, with backpressure all the way, so memory stays flat
 * whatever the size. Personal data: the export is audited before its first byte leaves.
 */
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
    const { where, params } = filterOf(query);

    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    let rows: number;
    try {
      // One snapshot for the count the audit records and the rows the file holds.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const counted = await client.query<{ rows: number }>(
        `SELECT count(*)::int AS rows FROM trainees trainee WHERE ${where}`,
        params,
      );
      rows = counted.rows[0]?.rows ?? 0;
      await this.audit(query, rows);
    } catch (error) {
      client.release(true);
      throw error;
    }

    const cursor = client.query(
      new QueryStream(selectOf(where, params.length + 1), [...params, locale], {
        batchSize: BATCH_SIZE,
      }),
    );
    const csv = stringify({
      bom: true,
      header: true,
      columns: TRAINEE_EXPORT_COLUMNS.map((key) => ({
        key,
        header: translate(locale, `trainees.export.columns.${key}`),
      })),
    });
    const stream = pipeline(cursor, labelled(locale), csv, (error) => this.release(client, error));
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
    if (error) {
      // A client that leaves mid-file is ordinary; anything else is worth a line.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.warn({ err: error }, 'Trainee export failed');
      client.release(true);
      return;
    }
    client.query('COMMIT').then(
      () => client.release(),
      (commitError: unknown) => client.release(commitError as Error),
    );
  }
}

function filterOf(query: ExportTraineesQueryDto): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  add((p) => `trainee.country_code = ${p}`, query.country);
  if (query.region) add((p) => `trainee.region_code = ${p}`, query.region);
  if (query.organization) add((p) => `trainee.organization_id = ${p}`, query.organization);
  if (query.profession) add((p) => `trainee.profession = ${p}`, query.profession);
  if (query.event) {
    add(
      (p) => `EXISTS (SELECT 1 FROM enrollments enrollment
                      WHERE enrollment.trainee_id = trainee.id AND enrollment.event_id = ${p})`,
      query.event,
    );
  }
  return { where: conditions.join(' AND '), params };
}

/**
 * The rows in name order. A trainee who withdrew consent has no name, birth year or contact left
 * (the service erased them); the CASEs keep it so should an erasure ever be incomplete.
 */
function selectOf(where: string, localeParam: number): string {
  const kept = (column: string) => `CASE WHEN trainee.consent_withdrawn_at IS NULL THEN trainee.${column} END`;
  return `
    SELECT trainee.id,
           ${kept('full_name')} AS full_name,
           ${kept('latin_name')} AS latin_name,
           trainee.sex,
           trainee.profession,
           organization.name AS organization,
           COALESCE(region.names ->> $${localeParam}::text, region.names ->> 'en') AS region,
           ${kept('birth_year')} AS birth_year,
           ${kept('phone')} AS phone,
           ${kept('email')} AS email,
           to_char(trainee.consent_given_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS consent_given_on,
           to_char(trainee.consent_withdrawn_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS consent_withdrawn_on
      FROM trainees trainee
      LEFT JOIN organizations organization ON organization.id = trainee.organization_id
      LEFT JOIN regions region ON region.code = trainee.region_code
     WHERE ${where}
     ORDER BY trainee.full_name NULLS LAST, trainee.id`;
}

/** Each row with its sex and profession named in the locale, and text Excel would run kept as text. */
function labelled(locale: Locale): Transform {
  return new Transform({
    objectMode: true,
    transform(row: ExportRow, _encoding, done) {
      const record = Object.fromEntries(
        Object.entries({
          ...row,
          sex: translate(locale, `enums.sex.${row.sex}`),
          profession: translate(locale, `enums.profession.${row.profession}`),
        }).map(([key, value]) => [key, csvSafe(value)]),
      );
      done(null, record);
    },
  });
}
