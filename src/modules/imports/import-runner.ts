import { randomUUID } from 'node:crypto';

import { HttpStatus } from '@nestjs/common';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

import { AppException } from '@cascade/common';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import { DuplicateDetector, recordDistinctPairsInBulk } from '../trainees/index.js';
import type { HeaderMatch, TraineeRecord } from './import-columns.js';
import { findRegistryDuplicates, type PersonRow, personToMatch, sameAsRowsOf } from './import-duplicates.js';
import { type OpenedFile, openImportFile } from './import-file.js';
import {
  type DuplicateCandidate,
  type ImportReport,
  type ImportResult,
  REPORTED_ROWS_LIMIT,
  type ReportedRow,
} from './import-report.js';
import { checkedLines, type ImportTarget, targetFacts } from './import-rows.js';
import { insertTraineeBatch } from './import-writer.js';
import { ImportsErrorCode } from './imports-error-code.js';
import { ImportStatus, RegistryImport } from './registry-import.entity.js';

export type { ImportTarget } from './import-rows.js';

/** Told the rows done so far (every PROGRESS_EVERY rows and at the end); a job reports it as progress. */
export type ProgressListener = (rowsDone: number) => void | Promise<void>;

const PROGRESS_EVERY = 1_000;
/** Rows written per statement: large enough to be fast, small enough to keep memory flat. */
export const WRITE_BATCH_ROWS = 5_000;
/** Rows looked up in the registry per duplicate-detection query (one query a batch, never one a row). */
export const DETECTION_BATCH_ROWS = 5_000;
/** A commit writing at least this many trainees runs ANALYZE on them after it. */
const ANALYZE_AFTER_TRAINEES = 10_000;

/** What a commit does besides writing the rows. */
export interface CommitOptions {
  /**
   * The caller confirmed the rows are new people although the registry may hold them: each pair
   * (new trainee, registered candidate) is recorded as distinct, never proposed again.
   */
  recordDistinctPairs?: boolean;
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

  /** Keeps the upload in the `imports` table, where the worker can read it too. */
  async store(
    target: ImportTarget,
    upload: { fileName: string; content: Buffer },
    file: OpenedFile,
    requestedBy: string,
    outcome: { status: ImportStatus; report: ImportReport | null; rowCount: number },
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
    await this.dataSource.getRepository(RegistryImport).insert(row);
    row.content = null;
    return row;
  }

  /**
   * The dry run: every row checked, nothing written. File-level problems (a missing column, a
   * formula) throw a 400 AppException; row-level ones are listed in the report.
   */
  async check(file: OpenedFile, target: ImportTarget, onProgress?: ProgressListener): Promise<ImportReport> {
    const manager = this.dataSource.manager;
    const facts = await targetFacts(manager, target);
    const reported: ReportedRow[] = [];
    // Rows by name key and birth year: the rows of the file that may name one person.
    const people = new Map<string, PersonRow[]>();
    let totalRows = 0;
    let invalidRows = 0;
    let header: HeaderMatch | null = null;
    let pending: { row: number; record: TraineeRecord }[] = [];
    // The first rows with candidates in the registry (enough for the report), and how many in all.
    const registryMatches = new Map<number, DuplicateCandidate[]>();
    let registryDuplicateRows = 0;
    const lookUp = async () => {
      if (pending.length === 0) return;
      const found = await findRegistryDuplicates(this.detector, manager, target, pending);
      pending = [];
      for (const [row, candidates] of found) {
        registryDuplicateRows++;
        if (registryMatches.size <= REPORTED_ROWS_LIMIT) registryMatches.set(row, candidates);
      }
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
      if (pending.length >= DETECTION_BATCH_ROWS) await lookUp();
      if (onProgress && totalRows % PROGRESS_EVERY === 0) await onProgress(totalRows);
    }
    await lookUp();
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
    for (const [row, candidates] of registryMatches) entry(row).duplicates = candidates;
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
    const committed = await this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(RegistryImport)
        .createQueryBuilder('import')
        .addSelect('import.content')
        .where('import.id = :importId', { importId })
        .setLock('pessimistic_write')
        .getOne();
      if (!row) throw new AppException(HttpStatus.NOT_FOUND, 'not_found');
      if (row.status === ImportStatus.Committed) {
        row.content = null;
        return row;
      }
      if (row.status !== ImportStatus.Checked || row.content === null) {
        throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
      }
      const target: ImportTarget = { kind: row.kind, countryCode: row.countryCode, eventId: row.eventId };
      const file = await openImportFile(row.content, row.fileName);
      const result = await this.write(manager, file, target, actorId, onProgress, options);
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
      await manager.query(
        `UPDATE imports SET status = 'committed', result = $2, committed_at = $3, content = NULL WHERE id = $1`,
        [row.id, JSON.stringify(result), row.committedAt],
      );
      row.content = null;
      return row;
    });
    // A large import changes the registry's statistics at once (autovacuum catches up later):
    // without fresh ones the planner may misjudge the next import's candidate lookups.
    if ((committed.result?.trainees ?? 0) >= ANALYZE_AFTER_TRAINEES) await this.dataSource.query(`ANALYZE trainees`);
    return committed;
  }

  /**
   * Every row checked again (the registry may have changed since the dry run), written in batches.
   * With `recordDistinctPairs`, each batch's candidates are looked up (one query) before it is
   * written, and the pairs recorded as distinct; the file's own trainees, written by earlier
   * batches in this transaction, are not candidates.
   */
  private async write(
    manager: EntityManager,
    file: OpenedFile,
    target: ImportTarget,
    actorId: string,
    onProgress: ProgressListener | undefined,
    options: CommitOptions,
  ): Promise<ImportResult> {
    const facts = await targetFacts(manager, target);
    const result: ImportResult = { trainees: 0, enrollments: 0, attendanceMarks: 0, assessments: 0, distinctPairs: 0 };
    const written = options.recordDistinctPairs ? new Set<string>() : null;
    let batch: TraineeRecord[] = [];
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const candidates = written
        ? await this.detector.findCandidates(
            manager,
            batch.map((record) => personToMatch(record, target)),
          )
        : null;
      const ids = await insertTraineeBatch(manager, target, facts, actorId, batch, result);
      if (written && candidates) {
        const pairs = ids.flatMap((id, i) =>
          candidates[i]
            .filter((candidate) => !written.has(candidate.traineeId))
            .map((candidate) => [id, candidate.traineeId] as const),
        );
        result.distinctPairs += await recordDistinctPairsInBulk(manager, actorId, pairs);
        for (const id of ids) written.add(id);
      }
      done += batch.length;
      batch = [];
      if (onProgress) await onProgress(done);
    };
    for await (const line of checkedLines(file, target, facts)) {
      if (!line.record) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
      batch.push(line.record);
      if (batch.length >= WRITE_BATCH_ROWS) await flush();
    }
    await flush();
    return result;
  }
}
