import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, inCountryScope, Permission, Role } from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField, latestToday } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import type { Locale } from '@cascade/i18n';
import { type ImportJob, JobName, type QueueName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/index.js';
import { Country } from '../countries/index.js';
import { EventStatus, loadEventAccess } from '../events/index.js';
import { DuplicateDetector } from '../trainees/index.js';
import { UsersService } from '../users/index.js';
import type { ImportResponseDto } from './dto/import.dto.js';
import { CheckedRowBatches } from './import-checked-rows.js';
import { checkedResolutions } from './import-commit.js';
import { openImportFile } from './import-file.js';
import type { ImportReport, RowResolution } from './import-report.js';
import { ImportRunner, type ImportTarget, type ProgressListener, statusOfReport } from './import-runner.js';
import { candidateDto, localizeParams, localizeReport, readCandidateDetails } from './import-view.js';
import { ImportsErrorCode } from './imports-error-code.js';
import { ImportKind, ImportStatus, RegistryImport } from './registry-import.entity.js';

export interface Upload {
  fileName: string;
  content: Buffer;
}

/** Reads the request's file, once the caller's scope has been checked, within the given size. */
export type UploadReader = (maxBytes: number) => Promise<Upload>;

/** What the officer answered at commit: rows of the file naming one person, and rows the registry may hold. */
export interface CommitChoices {
  /** The file's rows that may name one person are different people. */
  repeatsConfirmed: boolean;
  resolutions: readonly RowResolution[];
  /** Rows with candidates and no answer are new people, their pairs left to the duplicate queue. */
  unansweredAsNew?: boolean;
}

/** An import answered at once, or handed to a job (the file is large). */
export type ImportOutcome =
  { import: RegistryImport; job: null } | { import: RegistryImport; job: { queue: QueueName; jobId: string } };

/**
 * CSV/XLSX imports into the trainee registry: upload and dry run, then commit, each done in the
 * request for small files and by a job past IMPORT_JOB_ROW_THRESHOLD rows. Only the uploader (or an
 * admin) sees an import; the country or event must be in the uploader's scope, at upload and again
 * at commit.
 */
@Injectable()
export class ImportsService {
  private readonly runner: ImportRunner;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly users: UsersService,
    detector: DuplicateDetector,
  ) {
    this.runner = new ImportRunner(dataSource, detector);
  }

  async uploadTrainees(
    user: AuthUser,
    countryCode: string,
    read: UploadReader,
    locale: Locale,
  ): Promise<ImportOutcome> {
    await this.assertCountry(user, countryCode);
    const target = { kind: ImportKind.Trainees, countryCode, eventId: null };
    return this.upload(user, target, await read(this.config.env.IMPORT_MAX_BYTES), locale);
  }

  async uploadEventRecords(
    user: AuthUser,
    eventId: string,
    read: UploadReader,
    locale: Locale,
  ): Promise<ImportOutcome> {
    const target = await this.eventTarget(user, eventId);
    return this.upload(user, target, await read(this.config.env.IMPORT_MAX_BYTES), locale);
  }

  async get(user: AuthUser, id: string): Promise<RegistryImport> {
    const row = await this.dataSource.getRepository(RegistryImport).findOneBy({ id });
    if (!row || (user.role !== Role.Admin && row.requestedBy !== user.id)) {
      throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    }
    return row;
  }

  /**
   * Commits a checked import: again (200) answers the first result; a large one goes to a job (202).
   * A file naming a person twice is refused (409) unless `repeatsConfirmed` says the rows are
   * different people. Each row the registry may already hold needs the officer's answer in
   * `resolutions` (409 listing the rows and their candidates otherwise): the same person as one
   * candidate (linked), a new person (recorded as different from those candidates only), or skip.
   */
  async commit(user: AuthUser, id: string, choices: CommitChoices, locale: Locale = 'en'): Promise<ImportOutcome> {
    const row = await this.get(user, id);
    if (row.status === ImportStatus.Committed) return { import: row, job: null };
    if (row.status === ImportStatus.Checking) {
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportNotChecked);
    }
    if (row.status === ImportStatus.Invalid)
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
    const groups = row.report?.duplicateGroups ?? 0;
    if (groups > 0 && !choices.repeatsConfirmed) {
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.DuplicatesUnconfirmed, { count: groups });
    }
    const resolutions = checkedResolutions(row.report, choices.resolutions);
    const unansweredAsNew = choices.unansweredAsNew === true;
    const unresolved = (row.report?.rows ?? []).filter(
      (reported) =>
        !unansweredAsNew && reported.duplicates.length > 0 && !resolutions.some((r) => r.row === reported.row),
    );
    if (unresolved.length > 0) {
      const details = await readCandidateDetails(this.dataSource, user, row.report, locale);
      const rows = unresolved.map((reported) => ({
        row: reported.row,
        duplicates: reported.duplicates.map((c) => candidateDto(c, details)),
      }));
      throw new AppException(
        HttpStatus.CONFLICT,
        ImportsErrorCode.RegistryDuplicatesUnconfirmed,
        { count: unresolved.length },
        [],
        {},
        { rows },
      );
    }
    await this.assertTargetStillOpen(user, row);
    if (row.rowCount > this.config.env.IMPORT_JOB_ROW_THRESHOLD) {
      const payload = { ...this.jobPayload(user, row.id), resolutions, unansweredAsNew };
      const job = await this.jobs.enqueue(JobName.CommitImport, payload, { jobId: `commit-${row.id}` });
      return { import: row, job };
    }
    return {
      import: await this.runner.commit(row.id, user.id, undefined, { resolutions, unansweredAsNew }),
      job: null,
    };
  }

  async rowCountOf(id: string): Promise<number> {
    return (await this.dataSource.getRepository(RegistryImport).findOneBy({ id }))?.rowCount ?? 0;
  }

  /** The check job: a retried one whose import is already checked answers with it. */
  async runCheck(payload: ImportJob, onProgress: ProgressListener): Promise<ImportJobResult> {
    const user = await this.jobUser(payload);
    const row = await this.dataSource
      .getRepository(RegistryImport)
      .createQueryBuilder('import')
      .addSelect('import.content')
      .where('import.id = :id', { id: payload.importId })
      .getOne();
    if (!row) throw new UnrecoverableError('The import no longer exists');
    if (row.status === ImportStatus.Checking && row.content !== null) {
      await this.asJobStep(() => this.assertTargetStillOpen(user, row));
      const target: ImportTarget = { kind: row.kind, countryCode: row.countryCode, eventId: row.eventId };
      let report: ImportReport;
      const kept = new CheckedRowBatches();
      try {
        const file = await openImportFile(row.content, row.fileName);
        report = await this.runner.check(file, target, onProgress, kept);
      } catch (error) {
        if (!(error instanceof AppException)) throw error;
        report = fileProblemReport(error);
      }
      await this.runner.saveCheck(row, report, kept);
      row.status = statusOfReport(report);
      row.report = report;
      row.rowCount = report.totalRows;
    }
    return jobResult(row);
  }

  async runCommit(payload: ImportJob, onProgress: ProgressListener): Promise<ImportJobResult> {
    const user = await this.jobUser(payload);
    const row = await this.dataSource.getRepository(RegistryImport).findOneBy({ id: payload.importId });
    if (!row) throw new UnrecoverableError('The import no longer exists');
    if (row.status !== ImportStatus.Committed) await this.asJobStep(() => this.assertTargetStillOpen(user, row));
    const options = {
      resolutions: (payload.resolutions ?? []) as RowResolution[],
      unansweredAsNew: payload.unansweredAsNew === true,
    };
    return jobResult(await this.asJobStep(() => this.runner.commit(row.id, user.id, onProgress, options)));
  }

  /**
   * The answer to GET /imports/:id, translated: each problem's message in the caller's language,
   * and each registry candidate with its name as it is now, if the caller may see it.
   */
  async toDto(user: AuthUser, row: RegistryImport, locale: Locale): Promise<ImportResponseDto> {
    const details = await readCandidateDetails(this.dataSource, user, row.report, locale);
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      fileName: row.fileName,
      format: row.format,
      countryCode: row.countryCode,
      eventId: row.eventId,
      rowCount: row.rowCount,
      report: row.report ? localizeReport(row.report, locale, details) : null,
      result: row.result,
      createdAt: row.createdAt.toISOString(),
      committedAt: row.committedAt ? row.committedAt.toISOString() : null,
      commitUrl: `/imports/${row.id}/commit`,
    };
  }

  private async upload(user: AuthUser, target: ImportTarget, upload: Upload, locale: Locale): Promise<ImportOutcome> {
    const file = await this.localized(locale, () => openImportFile(upload.content, upload.fileName));
    if (file.needsJob || file.estimatedRows > this.config.env.IMPORT_JOB_ROW_THRESHOLD) {
      const row = await this.runner.store(target, upload, file, user.id, {
        status: ImportStatus.Checking,
        report: null,
        rowCount: file.estimatedRows,
      });
      const job = await this.jobs.enqueue(JobName.CheckImport, this.jobPayload(user, row.id), {
        jobId: `check-${row.id}`,
      });
      return { import: row, job };
    }
    const kept = new CheckedRowBatches();
    const report = await this.localized(locale, () => this.runner.check(file, target, undefined, kept));
    const row = await this.runner.store(
      target,
      upload,
      file,
      user.id,
      { status: statusOfReport(report), report, rowCount: report.totalRows },
      kept,
    );
    return { import: row, job: null };
  }

  private jobPayload(user: AuthUser, importId: string): ImportJob {
    return { requestedBy: user.id, requestedAt: new Date().toISOString(), importId };
  }

  private async assertCountry(user: AuthUser, countryCode: string): Promise<void> {
    if (!inCountryScope(user, countryCode)) throw invalidField('country', 'country_out_of_scope');
    if (!(await this.dataSource.getRepository(Country).existsBy({ code: countryCode }))) {
      throw invalidField('country', 'unknown_country', { codes: countryCode });
    }
  }

  /** The event, in scope (404 otherwise), past and not cancelled: its records are what happened. */
  private async eventTarget(user: AuthUser, eventId: string): Promise<ImportTarget> {
    const access = await loadEventAccess(this.dataSource.manager, user, Permission.ImportsManage, { eventId });
    if (access.status === EventStatus.Cancelled) {
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.EventCancelled);
    }
    if (access.endDate >= latestToday()) {
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.EventNotFinished, { end: access.endDate });
    }
    return { kind: ImportKind.EventRecords, countryCode: access.countryCode, eventId };
  }

  /** The scope is checked again at commit: the user's countries, or the event, may have changed. */
  private async assertTargetStillOpen(user: AuthUser, row: RegistryImport): Promise<void> {
    if (row.eventId !== null) await this.eventTarget(user, row.eventId);
    else assertCanAccess(user, Permission.ImportsManage, { countryCode: row.countryCode });
  }

  private async jobUser(payload: ImportJob): Promise<AuthUser> {
    const user = await this.users.loadAuthUser(payload.requestedBy, 'bearer');
    if (!user) throw new UnrecoverableError('The user who started this import is no longer active');
    return user;
  }

  /** A refusal (scope lost, event cancelled, rows now invalid) will not change on a retry. */
  private async asJobStep<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof AppException) throw new UnrecoverableError(`Import refused: ${error.code}`);
      throw error;
    }
  }

  /** File-level refusals name columns and vocabularies: put them in the caller's language. */
  private async localized<T>(locale: Locale, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
      throw new AppException(error.status, error.code, localizeParams(error.params, locale), error.fieldErrors);
    }
  }
}

export interface ImportJobResult {
  importId: string;
  status: ImportStatus;
  importUrl: string;
  totalRows: number;
  invalidRows: number;
  result: RegistryImport['result'];
}

function jobResult(row: RegistryImport): ImportJobResult {
  return {
    importId: row.id,
    status: row.status,
    importUrl: `/imports/${row.id}`,
    totalRows: row.report?.totalRows ?? row.rowCount,
    invalidRows: row.report?.invalidRows ?? 0,
    result: row.result,
  };
}

function fileProblemReport(error: AppException): ImportReport {
  return {
    fileProblem: { code: error.code, params: error.params },
    encoding: null,
    separator: null,
    columns: [],
    ignoredColumns: [],
    totalRows: 0,
    validRows: 0,
    invalidRows: 0,
    duplicateGroups: 0,
    registryDuplicateRows: 0,
    rows: [],
    truncated: false,
  };
}
