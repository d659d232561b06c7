import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';

import { type AuthUser, Role } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { isLocale, type Locale } from '@cascade/i18n';
import { type ExportProgressReportJob, JobName, type QueueName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/index.js';
import { Country } from '../countries/index.js';
import { UsersService } from '../users/index.js';
import type { ProgressReportDto } from './dto/progress.dto.js';
import type { ExportResultDto, ProgressExportDto } from './dto/progress-export.dto.js';
import { writeCsv, writeXlsx } from './export-files.js';
import type { Breakdown } from './indicators.js';
import { reportDto } from './progress-view.js';
import { ExportFormat, ReportExport } from './report-export.entity.js';
import { writePdf } from './report-pdf.js';
import { ReportsService } from './reports.service.js';
import { ReportsErrorCode } from './reports-error-code.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  [ExportFormat.Csv]: 'text/csv; charset=utf-8',
  [ExportFormat.Xlsx]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  [ExportFormat.Pdf]: 'application/pdf',
};

const DAY_MS = 24 * 3600 * 1000;

/** A download reads the stored file this many bytes a query, never all of it at once. */
const DOWNLOAD_SLICE_BYTES = 512 * 1024;

/** Collects what a file writer writes: report files are kilobytes to a few megabytes. */
class FileBuffer extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }

  contents(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface ExportDownload {
  stream: Readable;
  contentType: string;
  fileName: string;
  size: number;
}

/** Progress reports written to files by the worker, kept EXPORT_RETENTION_DAYS for their requester. */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportsService,
    private readonly jobs: JobsService,
    private readonly users: UsersService,
  ) {}

  /** Refuses at once what GET /reports/progress would refuse, then leaves the work to the worker. */
  async start(user: AuthUser, dto: ProgressExportDto, locale: Locale): Promise<{ queue: QueueName; jobId: string }> {
    await this.reports.assertProgressQuery(user, dto, dto.breakdowns);
    return this.jobs.enqueue(JobName.ExportProgressReport, {
      requestedBy: user.id,
      requestedAt: new Date().toISOString(),
      country: dto.country,
      from: dto.from,
      to: dto.to,
      breakdowns: dto.breakdowns,
      format: dto.format,
      locale,
    });
  }

  /**
   * The job (`jobKey` names it across queue namespaces): computes each breakdown as the requester may
   * see it now (a donor's suppressed), writes the file in memory, then records the row and the file
   * in one INSERT, so a row always holds a whole file and a file only becomes downloadable with its
   * row, from any API process. A retried job that already recorded its file answers with it; an
   * attempt killed mid-way left nothing behind.
   */
  async run(jobKey: string, payload: ExportProgressReportJob): Promise<ExportResultDto> {
    const done = await this.dataSource.getRepository(ReportExport).findOneBy({ jobId: jobKey });
    if (done) return this.result(done);

    const user = await this.users.loadAuthUser(payload.requestedBy, 'bearer');
    if (!user) throw new UnrecoverableError('The user who asked for this export is no longer active');
    const locale = isLocale(payload.locale) ? payload.locale : isLocale(user.locale) ? user.locale : 'en';
    const reports: ProgressReportDto[] = [];
    try {
      for (const breakdown of payload.breakdowns as Breakdown[]) {
        const query = { country: payload.country, from: payload.from, to: payload.to, breakdown };
        reports.push(reportDto(await this.reports.progress(user, query), locale));
      }
    } catch (error) {
      // The requester's role or countries changed since: retrying would not help.
      if (error instanceof AppException) throw new UnrecoverableError(`Export refused: ${error.code}`);
      throw error;
    }

    const format = (Object.values(ExportFormat) as string[]).includes(payload.format)
      ? (payload.format as ExportFormat)
      : ExportFormat.Csv;
    // The cascade does not depend on the breakdown: every report holds the same one.
    const { cascade } = reports[0];
    const file = new FileBuffer();
    await this.writeFile(file, format, payload, reports, cascade, locale);
    const content = file.contents();
    const createdAt = new Date();
    const row = this.dataSource.getRepository(ReportExport).create({
      id: randomUUID(),
      jobId: jobKey,
      requestedBy: user.id,
      format,
      fileName: `progress-${payload.country}-${payload.from}-${payload.to}.${format}`,
      size: content.length,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.config.env.EXPORT_RETENTION_DAYS * DAY_MS),
    });
    // In a transaction of its own: the commit waits for this process to ask for it, so a worker
    // killed after sending the insert (still waiting on a lock, say) leaves nothing behind.
    await this.dataSource.transaction((manager) => manager.getRepository(ReportExport).insert({ ...row, content }));
    await this.clearExpired();
    return this.result(row);
  }

  private async writeFile(
    out: Writable,
    format: ExportFormat,
    payload: ExportProgressReportJob,
    reports: ProgressReportDto[],
    cascade: ProgressReportDto['cascade'],
    locale: Locale,
  ): Promise<void> {
    switch (format) {
      case ExportFormat.Csv:
        return writeCsv(out, reports, cascade, locale);
      case ExportFormat.Xlsx:
        return writeXlsx(out, reports, cascade, locale);
      case ExportFormat.Pdf:
        return writePdf(out, {
          locale,
          countryName: await this.countryName(payload.country, locale),
          from: payload.from,
          to: payload.to,
          generatedAt: new Date(),
          suppressionThreshold: reports[0].suppressionThreshold,
          reports,
          cascade,
        });
    }
  }

  /**
   * Deletes the files of expired exports (their rows stay, to answer 410), each export's job doing
   * it for all; rows another worker is clearing are skipped.
   */
  private async clearExpired(): Promise<void> {
    await this.dataSource.query(
      `UPDATE report_exports SET content = NULL
        WHERE id IN (SELECT id FROM report_exports WHERE expires_at <= now() AND content IS NOT NULL
                     FOR UPDATE SKIP LOCKED)`,
    );
  }

  /**
   * The file, for its requester or an admin (anyone else is told it does not exist); 410 once
   * expired. It streams from the database in slices: the first comes with the row, so a file of
   * up to DOWNLOAD_SLICE_BYTES takes one query, and a larger one is never held whole in memory.
   */
  async download(user: AuthUser, id: string): Promise<ExportDownload> {
    const [row] = await this.dataSource.query<
      {
        requestedBy: string;
        format: ExportFormat;
        fileName: string;
        expired: boolean;
        size: number | null;
        head: Buffer | null;
      }[]
    >(
      `SELECT requested_by AS "requestedBy", format, file_name AS "fileName", expires_at <= now() AS expired,
              octet_length(content) AS size, substring(content FROM 1 FOR $2) AS head
         FROM report_exports WHERE id = $1`,
      [id, DOWNLOAD_SLICE_BYTES],
    );
    if (!row || (user.role !== Role.Admin && row.requestedBy !== user.id)) {
      throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    }
    if (row.expired) {
      await this.dataSource.query('UPDATE report_exports SET content = NULL WHERE id = $1', [id]);
      throw new AppException(HttpStatus.GONE, ReportsErrorCode.ExportExpired);
    }
    if (row.size === null || row.head === null) throw new AppException(HttpStatus.GONE, ReportsErrorCode.ExportExpired);
    const size = row.size;
    const dataSource = this.dataSource;
    async function* slices(head: Buffer): AsyncGenerator<Buffer> {
      yield head;
      for (let offset = head.length; offset < size; offset += DOWNLOAD_SLICE_BYTES) {
        const [slice] = await dataSource.query<{ part: Buffer | null }[]>(
          'SELECT substring(content FROM $2 FOR $3) AS part FROM report_exports WHERE id = $1',
          [id, offset + 1, DOWNLOAD_SLICE_BYTES],
        );
        // Cleared while being read (it expired): the answer ends short of its length.
        if (!slice?.part) throw new Error(`Report export ${id} was cleared while being downloaded`);
        yield slice.part;
      }
    }
    return {
      stream: Readable.from(slices(row.head), { objectMode: false }),
      contentType: CONTENT_TYPES[row.format],
      fileName: row.fileName,
      size,
    };
  }

  private async countryName(code: string, locale: Locale): Promise<string> {
    const country = await this.dataSource.getRepository(Country).findOneBy({ code });
    return country?.names[locale] ?? country?.names.en ?? code;
  }

  private result(row: ReportExport): ExportResultDto {
    return {
      exportId: row.id,
      downloadUrl: `/reports/exports/${row.id}`,
      fileName: row.fileName,
      size: row.size,
      expiresAt: row.expiresAt.toISOString(),
    };
  }
}
