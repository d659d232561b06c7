import { randomUUID } from 'node:crypto';

import { HttpStatus } from '@nestjs/common';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

import { AppException } from '@cascade/common';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import { DuplicateDetector } from '../trainees/index.js';
import { CheckedRowBatches, dropCheckedRows, fileRows, keptRows, saveCheckedRows } from './import-checked-rows.js';
import type { HeaderMatch, TraineeRecord } from './import-columns.js';
import { lockCountryRegistry, type ProgressListener, writeResolved } from './import-commit.js';
import {
  findRegistryDuplicates,
  type PersonRow,
  registryFingerprint,
  RowBits,
  sameAsRowsOf,
} from './import-duplicates.js';
import { type OpenedFile, openImportFile } from './import-file.js';
import {
  type DuplicateCandidate,
  type ImportedPerson,
  type ImportReport,
  REPORTED_ROWS_LIMIT,
  type ReportedRow,
  type RowResolution,
  withoutRegistry,
} from './import-report.js';
import { checkedLines, type ImportTarget, targetFacts } from './import-rows.js';
import { ImportsErrorCode } from './imports-error-code.js';
import { ImportStatus, RegistryImport } from './registry-import.entity.js';

export type { ProgressListener } from './import-commit.js';
export type { ImportTarget } from './import-rows.js';

const PROGRESS_EVERY = 1_000;
/** Rows looked up in the registry per duplicate-detection query (one query a batch, never one a row). */
export const DETECTION_BATCH_ROWS = 5_000;
/** Batches looked up at once, each on a connection of its own: the database's cores work while the file is read. */
const LOOKUPS_IN_PARALLEL = 2;
/** A commit writing at least this many trainees runs ANALYZE on them after it. */
const ANALYZE_AFTER_TRAINEES = 10_000;

/** The officer's answers for the rows with registered candidates (none: no row has any). */
export interface CommitOptions {
  resolutions?: readonly RowResolution[];
  /** Rows with candidates and no answer are new people, their pairs left to the duplicate queue. */
  unansweredAsNew?: boolean;
}

/**
 * The import itself, free of HTTP and queues: store an upload, check it (the dry run) and commit it
 * in one transaction. The service calls it from requests and jobs; the benchmark calls it directly.
 */
export class ImportRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly detector = new DuplicateDetector(),
  ) {}

  /** Keeps the upload in the `imports` table, where the worker can read it too, with its checked rows if kept. */
  async store(
    target: ImportTarget,
    upload: { fileName: string; content: Buffer },
    file: OpenedFile,
    requestedBy: string,
    outcome: { status: ImportStatus; report: ImportReport | null; rowCount: number },
    kept?: CheckedRowBatches,
  ): Promise<RegistryImport> {
    const row = this.dataSource.getRepository(RegistryImport).create({
      id: randomUUID(),
      kind: target.kind,
      status: outcome.status,
      requestedBy,
      countryCode: target.countryCode,
      eventId: target.eventId,
      fileName: upload.fileName.slice(0, 255),
      format: file.format,
      content: upload.content,
      size: upload.content.length,
      rowCount: outcome.rowCount,
      report: outcome.report,
      result: null,
      committedAt: null,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(RegistryImport).insert(row);
      // Kept only for a report that can be committed (check() says so in it).
      if (kept && outcome.report?.registry?.checkedRows) await saveCheckedRows(manager, row.id, kept);
    });
    row.content = null;
    return row;
  }

  /**
   * The dry run: every row checked, nothing written. File-level problems (a missing column, a
   * formula) throw a 400 AppException; row-level ones are listed in the report. Given `kept`, the
   * valid rows are collected there for the commit (the caller saves them with the report).
   */
  async check(
    file: OpenedFile,
    target: ImportTarget,
    onProgress?: ProgressListener,
    kept?: CheckedRowBatches,
  ): Promise<ImportReport> {
    const manager = this.dataSource.manager;
    const facts = await targetFacts(manager, target);
    const reported: ReportedRow[] = [];
    // Rows by name key and birth year: the rows of the file that may name one person.
    const people = new Map<string, PersonRow[]>();
    let totalRows = 0;
    let invalidRows = 0;
    let header: HeaderMatch | null = null;
    let pending: { row: number; record: TraineeRecord }[] = [];
    // Lookups under way (at most LOOKUPS_IN_PARALLEL), and their findings taken in file order.
    const lookingUp: Promise<unknown>[] = [];
    let taken: Promise<void> = Promise.resolve();
    // The first rows with candidates in the registry (enough for the report), and how many in all.
    const registryMatches = new Map<number, { candidates: DuplicateCandidate[]; person: ImportedPerson }>();
    let registryDuplicateRows = 0;
    // Taken before any lookup: a change during the check gives the commit another fingerprint.
    const fingerprint = await registryFingerprint(manager, target.countryCode);
    const withCandidates = RowBits.empty();
    const take = (batch: { row: number; record: TraineeRecord }[], found: Map<number, DuplicateCandidate[]>) => {
      const records = new Map(batch.map((line) => [line.row, line.record]));
      for (const [row, candidates] of found) {
        registryDuplicateRows++;
        withCandidates.add(row);
        const record = records.get(row) as TraineeRecord;
        if (registryMatches.size <= REPORTED_ROWS_LIMIT)
          registryMatches.set(row, { candidates, person: personOf(record) });
      }
    };
    // The database looks batches up while the next ones are read; the report's first rows stay the file's first.
    const lookUp = async (batch: { row: number; record: TraineeRecord }[]) => {
      if (batch.length === 0) return;
      kept?.add(batch);
      if (lookingUp.length >= LOOKUPS_IN_PARALLEL) await lookingUp.shift();
      const found = findRegistryDuplicates(this.detector, manager, target, batch);
      const done = found.then(() => undefined);
      done.catch(() => undefined); // thrown to the loop when it waits for this lookup, and by `taken`
      lookingUp.push(done);
      taken = taken.then(async () => take(batch, await found));
      taken.catch(() => undefined); // awaited (and thrown) before the next batch or at the end
    };

    for await (const line of checkedLines(file, target, facts, (match) => (header = match))) {
      totalRows++;
      if (line.problems.length > 0) {
        invalidRows++;
        if (reported.length < REPORTED_ROWS_LIMIT + 1) {
          reported.push({ row: line.number, problems: line.problems, sameAsRows: [], duplicates: [] });
        }
      }
      if (line.nameKey?.key) {
        const key = `${line.nameKey.key}|${line.birthYear ?? ''}`;
        const person = { row: line.number, patronymic: line.nameKey.patronymic };
        const rows = people.get(key);
        if (rows) rows.push(person);
        else people.set(key, [person]);
      }
      if (line.record) pending.push({ row: line.number, record: line.record });
      if (pending.length >= DETECTION_BATCH_ROWS) {
        await lookUp(pending);
        pending = [];
      }
      if (onProgress && totalRows % PROGRESS_EVERY === 0) await onProgress(totalRows);
    }
    await lookUp(pending);
    await taken;
    if (header === null) throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.EmptyFile);
    if (totalRows === 0) throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.NoRows);
    if (onProgress) await onProgress(totalRows);

    // Rows naming the same person, and rows the registry may already hold, join the rows with problems.
    const byRow = new Map(reported.map((entry) => [entry.row, entry]));
    const entry = (row: number) => {
      let found = byRow.get(row);
      if (!found) {
        found = { row, problems: [], sameAsRows: [], duplicates: [] };
        byRow.set(row, found);
      }
      return found;
    };
    let duplicateGroups = 0;
    for (const rows of people.values()) {
      if (rows.length < 2) continue;
      const same = sameAsRowsOf(rows);
      if (same.size === 0) continue;
      duplicateGroups++;
      for (const [row, others] of same) entry(row).sameAsRows = others;
    }
    for (const [row, { candidates, person }] of registryMatches)
      Object.assign(entry(row), { duplicates: candidates, person });
    const rows = [...byRow.values()].sort((a, b) => a.row - b.row);
    const matched = header as HeaderMatch;
    return {
      encoding: file.encoding,
      separator: file.separator,
      columns: matched.fields.flatMap((field, index) =>
        field === null ? [] : [{ column: matched.headers[index], field }],
      ),
      ignoredColumns: matched.ignored,
      totalRows,
      validRows: totalRows - invalidRows,
      invalidRows,
      duplicateGroups,
      registryDuplicateRows,
      rows: rows.slice(0, REPORTED_ROWS_LIMIT),
      truncated: rows.length > REPORTED_ROWS_LIMIT,
      registry: {
        fingerprint,
        rowsWithCandidates: withCandidates.toBase64(),
        // Rows in error are never committed: then nothing needs keeping.
        ...(kept && invalidRows === 0
          ? { checkedRows: { batches: kept.batches.length, facts: facts.fingerprint } }
          : {}),
      },
    };
  }

  /**
   * Writes a checked import in one transaction, or nothing: the import row is locked first and
   * marked committed in the same transaction, so a retry after a crash (or a second click) either
   * finds it committed and answers with the first result, or starts over from nothing.
   */
  async commit(
    importId: string,
    actorId: string,
    onProgress?: ProgressListener,
    options: CommitOptions = {},
  ): Promise<RegistryImport> {
    const committed = await this.commitOnce(importId, actorId, onProgress, options).catch(async (error: unknown) => {
      // The registry changed since the dry run: the report is made again, so the officer answers
      // for the rows as they stand now.
      if (error instanceof AppException && error.code === String(ImportsErrorCode.RegistryChanged))
        await this.recheck(importId);
      throw error;
    });
    // A large import changes the registry's statistics at once (autovacuum catches up later):
    // without fresh ones the planner may misjudge the next import's candidate lookups. Only the
    // columns those lookups filter on (the table's size comes with them): half the time of all.
    if ((committed.result?.trainees ?? 0) >= ANALYZE_AFTER_TRAINEES)
      await this.dataSource.query(`ANALYZE trainees (country_code, blocking_keys)`);
    return committed;
  }

  /** The dry run again on the stored file of an import not yet committed: its report as of now. */
  async recheck(importId: string): Promise<void> {
    const row = await this.dataSource
      .getRepository(RegistryImport)
      .createQueryBuilder('import')
      .addSelect('import.content')
      .where('import.id = :importId', { importId })
      .getOne();
    if (!row || row.content === null || row.status === ImportStatus.Committed) return;
    const target: ImportTarget = { kind: row.kind, countryCode: row.countryCode, eventId: row.eventId };
    const kept = new CheckedRowBatches();
    const report = await this.check(await openImportFile(row.content, row.fileName), target, undefined, kept);
    await this.saveCheck(row, report, kept);
  }

  /** A check's report and its kept rows, saved together (a commit never takes another check's rows). */
  async saveCheck(row: RegistryImport, report: ImportReport, kept: CheckedRowBatches): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(RegistryImport)
        .update(
          { id: row.id, status: row.status },
          { report, status: statusOfReport(report), rowCount: report.totalRows },
        );
      await saveCheckedRows(manager, row.id, report.registry?.checkedRows ? kept : new CheckedRowBatches());
    });
  }

  /** An import's file; a checked import always has it (it goes when the import is committed). */
  private async content(manager: EntityManager, importId: string): Promise<Buffer> {
    const [found] = await manager.query<{ content: Buffer | null }[]>(`SELECT content FROM imports WHERE id = $1`, [
      importId,
    ]);
    if (!found?.content) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
    return found.content;
  }

  private async commitOnce(
    importId: string,
    actorId: string,
    onProgress: ProgressListener | undefined,
    options: CommitOptions,
  ): Promise<RegistryImport> {
    return this.dataSource.transaction(async (manager) => {
      // The file itself is read only if the dry run's rows cannot be taken (below).
      const row = await manager
        .getRepository(RegistryImport)
        .createQueryBuilder('import')
        .where('import.id = :importId', { importId })
        .setLock('pessimistic_write')
        .getOne();
      if (!row) throw new AppException(HttpStatus.NOT_FOUND, 'not_found');
      if (row.status === ImportStatus.Committed) return row;
      if (row.status !== ImportStatus.Checked) {
        throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
      }
      const target: ImportTarget = { kind: row.kind, countryCode: row.countryCode, eventId: row.eventId };
      await lockCountryRegistry(manager, row.countryCode);
      const report = row.report as ImportReport;
      const facts = await targetFacts(manager, target);
      // The dry run's rows, unless the places or sessions they were checked against changed since.
      const checkedRows = report.registry?.checkedRows;
      const lines =
        checkedRows && checkedRows.facts === facts.fingerprint
          ? keptRows(this.dataSource, row.id, checkedRows.batches)
          : fileRows(await openImportFile(await this.content(manager, row.id), row.fileName), target, facts);
      const result = await writeResolved(
        manager,
        this.detector,
        lines,
        target,
        facts,
        report,
        options.resolutions ?? [],
        actorId,
        onProgress,
        options.unansweredAsNew === true,
      );
      await auditBulkWrite(manager.queryRunner as QueryRunner, {
        action: AuditAction.Create,
        entityType: 'import',
        entityId: row.id,
        changedFields: Object.entries(result)
          .filter(([, count]) => count > 0)
          .map(([table]) => table),
        values: { kind: row.kind, countryCode: row.countryCode, eventId: row.eventId, ...result },
      });
      row.status = ImportStatus.Committed;
      row.result = result;
      row.committedAt = new Date();
      // The file's own values go with the file: the report keeps row numbers, codes and ids.
      // The registry as checked goes too: it served this commit only.
      row.report = row.report && {
        ...withoutRegistry(row.report),
        rows: row.report.rows.map(({ person: _, ...kept }) => kept),
      };
      await manager.query(
        `UPDATE imports SET status = 'committed', result = $2, committed_at = $3, content = NULL, report = $4
          WHERE id = $1`,
        [row.id, JSON.stringify(result), row.committedAt, JSON.stringify(row.report)],
      );
      await dropCheckedRows(manager, row.id);
      row.content = null;
      return row;
    });
  }
}

/** A report with a row in error cannot be committed. */
export const statusOfReport = (report: ImportReport) =>
  report.invalidRows > 0 || report.fileProblem ? ImportStatus.Invalid : ImportStatus.Checked;

/** What the officer compares with the registered candidates. */
const personOf = (record: TraineeRecord): ImportedPerson => ({
  fullName: record.fullName,
  birthYear: record.birthYear,
  profession: record.profession,
  regionCode: record.regionCode,
  phone: record.phone,
});
