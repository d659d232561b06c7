import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

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

/** The start of a job's temporary file names: hidden, and safe whatever the key holds. */
const partPrefix = (jobKey: string) => `.${Buffer.from(jobKey).toString('base64url')}.`;

export interface ExportDownload {
  stream: ReadStream;
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
   * see it now (a donor's suppressed), writes the file under a temporary name, then records it and
   * renames it into place in one transaction, so a row always names a whole file and a file only
   * becomes downloadable with its row. A retried job that already recorded its file answers with it;
   * one whose earlier attempt was killed mid-way first deletes that attempt's temporary file.
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
    const id = randomUUID();
    const folder = this.folder();
    await mkdir(folder, { recursive: true });
    await this.removeEarlierAttempts(folder, jobKey);
    // Each attempt writes a file of its own: one still running after a stall never shares it.
    const part = join(folder, `${partPrefix(jobKey)}${id}.${format}.part`);
    const path = join(folder, `${id}.${format}`);
    const createdAt = new Date();
    const row = this.dataSource.getRepository(ReportExport).create({
      id,
      jobId: jobKey,
      requestedBy: user.id,
      format,
      fileName: `progress-${payload.country}-${payload.from}-${payload.to}.${format}`,
      size: 0,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.config.env.EXPORT_RETENTION_DAYS * DAY_MS),
    });
    try {
      await this.writeFile(part, format, payload, reports, cascade, locale);
      row.size = (await stat(part)).size;
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(ReportExport).insert(row);
        await rename(part, path);
      });
    } catch (error) {
      // A commit that failed after the rename leaves a file no row names: it goes too.
      await rm(part, { force: true });
      await rm(path, { force: true });
      throw error;
    }
    return this.result(row);
  }

  private async writeFile(
    part: string,
    format: ExportFormat,
    payload: ExportProgressReportJob,
    reports: ProgressReportDto[],
    cascade: ProgressReportDto['cascade'],
    locale: Locale,
  ): Promise<void> {
    switch (format) {
      case ExportFormat.Csv:
        return writeCsv(part, reports, cascade, locale);
      case ExportFormat.Xlsx:
        return writeXlsx(part, reports, cascade, locale);
      case ExportFormat.Pdf:
        return writePdf(part, {
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

  /** Temporary files an earlier attempt of the job left when its worker was killed. */
  private async removeEarlierAttempts(folder: string, jobKey: string): Promise<void> {
    const prefix = partPrefix(jobKey);
    const names = await readdir(folder);
    await Promise.all(
      names
        .filter((name) => name.startsWith(prefix) && name.endsWith('.part'))
        .map((name) => rm(join(folder, name), { force: true })),
    );
  }

  /** The file, for its requester or an admin (anyone else is told it does not exist); 410 once expired. */
  async download(user: AuthUser, id: string): Promise<ExportDownload> {
    const row = await this.dataSource.getRepository(ReportExport).findOneBy({ id });
    if (!row || (user.role !== Role.Admin && row.requestedBy !== user.id)) {
      throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    }
    const path = this.pathOf(row);
    if (row.expiresAt.getTime() <= Date.now()) {
      await rm(path, { force: true });
      throw new AppException(HttpStatus.GONE, ReportsErrorCode.ExportExpired);
    }
    const found = await stat(path).catch(() => null);
    if (!found) throw new AppException(HttpStatus.GONE, ReportsErrorCode.ExportExpired);
    return {
      stream: createReadStream(path),
      contentType: CONTENT_TYPES[row.format],
      fileName: row.fileName,
      size: found.size,
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

  private folder(): string {
    return resolve(this.config.env.EXPORT_DIR);
  }

  private pathOf(row: ReportExport): string {
    return join(this.folder(), `${row.id}.${row.format}`);
  }
}
