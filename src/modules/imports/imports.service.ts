import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, inCountryScope, Permission, Role } from '@cascade/auth';
import { AppException, CommonErrorCode, invalidField, latestToday } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { type Locale, translate, type TranslationParams } from '@cascade/i18n';
import { type ImportJob, JobName, type QueueName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/index.js';
import { Country } from '../countries/index.js';
import { EventStatus, loadEventAccess } from '../events/index.js';
import { DuplicateDetector } from '../trainees/index.js';
import { UsersService } from '../users/index.js';
import type { DuplicateCandidateDto, ImportReportDto, ImportResponseDto } from './dto/import.dto.js';
import { columnLabel, vocabularyLabels } from './import-columns.js';
import { openImportFile } from './import-file.js';
import type { DuplicateCandidate, ImportReport } from './import-report.js';
import { ImportRunner, type ImportTarget, type ProgressListener } from './import-runner.js';
import { ImportsErrorCode } from './imports-error-code.js';
import { ImportKind, ImportStatus, RegistryImport } from './registry-import.entity.js';

export interface Upload {
  fileName: string;
  content: Buffer;
}

/** Reads the request's file, once the caller's scope has been checked, within the given size. */
export type UploadReader = (maxBytes: number) => Promise<Upload>;

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
   * A file naming a person twice, or with rows the registry may already hold, is refused (409,
   * the latter listing the rows and their candidates) unless `acceptDuplicates` confirms them as
   * different people — as POST /trainees with `notDuplicate` — and then each pair (new trainee,
   * registered candidate) is recorded as distinct, so the queue never proposes it.
   */
  async commit(user: AuthUser, id: string, acceptDuplicates: boolean): Promise<ImportOutcome> {
    const row = await this.get(user, id);
    if (row.status === ImportStatus.Committed) return { import: row, job: null };
    if (row.status === ImportStatus.Checking) {
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportNotChecked);
    }
    if (row.status === ImportStatus.Invalid)
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
    const groups = row.report?.duplicateGroups ?? 0;
    if (groups > 0 && !acceptDuplicates) {
      throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.DuplicatesUnconfirmed, { count: groups });
    }
    const registryRows = row.report?.registryDuplicateRows ?? 0;
    if (registryRows > 0 && !acceptDuplicates) {
      const names = await this.candidateNames(user, row.report);
      const rows = (row.report?.rows ?? [])
        .filter((reported) => reported.duplicates.length > 0)
        .map((reported) => ({ row: reported.row, duplicates: reported.duplicates.map((c) => candidateDto(c, names)) }));
      throw new AppException(
        HttpStatus.CONFLICT,
        ImportsErrorCode.RegistryDuplicatesUnconfirmed,
        { count: registryRows },
        [],
        {},
        { rows },
      );
    }
    await this.assertTargetStillOpen(user, row);
    const options = { recordDistinctPairs: acceptDuplicates && registryRows > 0 };
    if (row.rowCount > this.config.env.IMPORT_JOB_ROW_THRESHOLD) {
      const payload = { ...this.jobPayload(user, row.id), acceptDuplicates: options.recordDistinctPairs };
      const job = await this.jobs.enqueue(JobName.CommitImport, payload, { jobId: `commit-${row.id}` });
      return { import: row, job };
    }
    return { import: await this.runner.commit(row.id, user.id, undefined, options), job: null };
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
      try {
        const file = await openImportFile(row.content, row.fileName);
        report = await this.runner.check(file, target, onProgress);
      } catch (error) {
        if (!(error instanceof AppException)) throw error;
        report = fileProblemReport(error);
      }
      row.status = statusOf(report);
      row.report = report;
      row.rowCount = report.totalRows;
      await this.dataSource
        .getRepository(RegistryImport)
        .update({ id: row.id }, { status: row.status, report, rowCount: report.totalRows });
    }
    return jobResult(row);
  }

  async runCommit(payload: ImportJob, onProgress: ProgressListener): Promise<ImportJobResult> {
    const user = await this.jobUser(payload);
    const row = await this.dataSource.getRepository(RegistryImport).findOneBy({ id: payload.importId });
    if (!row) throw new UnrecoverableError('The import no longer exists');
    if (row.status !== ImportStatus.Committed) await this.asJobStep(() => this.assertTargetStillOpen(user, row));
    const options = { recordDistinctPairs: payload.acceptDuplicates === true };
    return jobResult(await this.asJobStep(() => this.runner.commit(row.id, user.id, onProgress, options)));
  }

  /**
   * The answer to GET /imports/:id, translated: each problem's message in the caller's language,
   * and each registry candidate with its name as it is now, if the caller may see it.
   */
  async toDto(user: AuthUser, row: RegistryImport, locale: Locale): Promise<ImportResponseDto> {
    const names = await this.candidateNames(user, row.report);
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      fileName: row.fileName,
      format: row.format,
      countryCode: row.countryCode,
      eventId: row.eventId,
      rowCount: row.rowCount,
      report: row.report ? localizeReport(row.report, locale, names) : null,
      result: row.result,
      createdAt: row.createdAt.toISOString(),
      committedAt: row.committedAt ? row.committedAt.toISOString() : null,
      commitUrl: `/imports/${row.id}/commit`,
    };
  }

  /**
   * The names of a report's candidates, read now (one query): a trainee who withdrew consent has
   * none, and one of a country the caller no longer covers is shown by id and score only.
   */
  private async candidateNames(user: AuthUser, report: ImportReport | null): Promise<CandidateNames> {
    const ids = [...new Set(report?.rows.flatMap((row) => row.duplicates.map((c) => c.traineeId)) ?? [])];
    const names: CandidateNames = new Map();
    if (ids.length === 0) return names;
    const scope = countryScope(user);
    const rows = await this.dataSource.query<
      { id: string; full_name: string | null; latin_name: string | null; birth_year: number | null }[]
    >(
      `SELECT id, full_name, latin_name, birth_year FROM trainees
        WHERE id = ANY($1::uuid[]) AND ($2::text[] IS NULL OR country_code = ANY($2::text[]))`,
      [ids, scope],
    );
    for (const trainee of rows) {
      names.set(trainee.id, {
        fullName: trainee.full_name,
        latinName: trainee.latin_name,
        birthYear: trainee.birth_year,
      });
    }
    return names;
  }

  private async upload(user: AuthUser, target: ImportTarget, upload: Upload, locale: Locale): Promise<ImportOutcome> {
    const file = await this.localized(locale, () => openImportFile(upload.content, upload.fileName));
    if (file.estimatedRows > this.config.env.IMPORT_JOB_ROW_THRESHOLD) {
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
    const report = await this.localized(locale, () => this.runner.check(file, target));
    const row = await this.runner.store(target, upload, file, user.id, {
      status: statusOf(report),
      report,
      rowCount: report.totalRows,
    });
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

const statusOf = (report: ImportReport) =>
  report.invalidRows > 0 || report.fileProblem ? ImportStatus.Invalid : ImportStatus.Checked;

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

/** `fields` become the columns' headers, `vocabulary` the accepted values, in the locale. */
function localizeParams(params: TranslationParams, locale: Locale): TranslationParams {
  const result = { ...params };
  if (typeof params.fields === 'string') {
    result.columns = params.fields
      .split(',')
      .map((field) => `«${columnLabel(locale, field)}»`)
      .join(', ');
  }
  if (typeof params.vocabulary === 'string') result.values = vocabularyLabels(params.vocabulary, locale);
  return result;
}

type CandidateNames = Map<string, { fullName: string | null; latinName: string | null; birthYear: number | null }>;

function candidateDto(candidate: DuplicateCandidate, names: CandidateNames): DuplicateCandidateDto {
  const name = names.get(candidate.traineeId);
  return {
    traineeId: candidate.traineeId,
    fullName: name?.fullName ?? null,
    latinName: name?.latinName ?? null,
    birthYear: name?.birthYear ?? null,
    score: candidate.score,
    matchingFields: candidate.matchingFields,
    conflictingFields: candidate.conflictingFields,
  };
}

function localizeReport(report: ImportReport, locale: Locale, names: CandidateNames): ImportReportDto {
  const { fileProblem, ...rest } = report;
  return {
    ...rest,
    // Reports of imports checked before duplicate detection was wired have no count.
    registryDuplicateRows: report.registryDuplicateRows ?? 0,
    ...(fileProblem
      ? {
          fileProblem: {
            code: fileProblem.code,
            message: translate(locale, `errors.${fileProblem.code}`, localizeParams(fileProblem.params, locale)),
          },
        }
      : {}),
    rows: report.rows.map((row) => ({
      ...row,
      duplicates: row.duplicates.map((candidate) => candidateDto(candidate, names)),
      problems: row.problems.map((problem) => ({
        column: problem.column,
        field: problem.field,
        code: problem.code,
        message: translate(locale, `validation.${problem.code}`, localizeParams(problem.params ?? {}, locale)),
      })),
    })),
  };
}
