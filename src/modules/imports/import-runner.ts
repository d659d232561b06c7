import { randomUUID } from 'node:crypto';

import { HttpStatus } from '@nestjs/common';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

import { AppException } from '@cascade/common';

import { AuditAction } from '../audit/audit-log-entry.entity.js';
import { auditBulkWrite } from '../audit/audit-writer.js';
import { latinNameFor } from '../trainees/trainees.service.js';
import {
  cellText,
  checkRow,
  type HeaderMatch,
  matchHeader,
  normalizeLabel,
  type TraineeRecord,
} from './import-columns.js';
import { type OpenedFile, openImportFile } from './import-file.js';
import {
  type DuplicateCandidate,
  type ImportReport,
  type ImportResult,
  REPORTED_ROWS_LIMIT,
  type ReportedRow,
  type RowProblem,
} from './import-report.js';
import { ImportsErrorCode } from './imports-error-code.js';
import { ImportKind, ImportStatus, RegistryImport } from './registry-import.entity.js';

/** What an import writes into: a country's registry, and for event records one event. */
export interface ImportTarget {
  kind: ImportKind;
  countryCode: string;
  eventId: string | null;
}

/** Told the rows done so far (every PROGRESS_EVERY rows and at the end); a job reports it as progress. */
export type ProgressListener = (rowsDone: number) => void | Promise<void>;

const PROGRESS_EVERY = 1_000;
/** Rows written per statement: large enough to be fast, small enough to keep memory flat. */
export const WRITE_BATCH_ROWS = 5_000;

/** What checking needs to know besides the file: the country's regions and the event's sessions. */
interface TargetFacts {
  regions: Map<string, string>;
  /** The event's sessions in order (date, start time); empty for trainees. */
  sessionIds: string[];
}

interface CheckedLine {
  number: number;
  record: TraineeRecord | null;
  problems: RowProblem[];
  personKey: string | null;
}

/**
 * The import itself, free of HTTP and queues: store an upload, check it (the dry run) and commit it
 * in one transaction. The service calls it from requests and jobs; the benchmark calls it directly.
 */
export class ImportRunner {
  constructor(private readonly dataSource: DataSource) {}

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
    const facts = await this.facts(this.dataSource.manager, target);
    const reported: ReportedRow[] = [];
    const people = new Map<string, number[]>();
    let totalRows = 0;
    let invalidRows = 0;
    let header: HeaderMatch | null = null;
    let pendingSeam: { row: number; record: TraineeRecord }[] = [];
    const registryMatches = new Map<number, DuplicateCandidate[]>();
    const flushSeam = async () => {
      for (const [row, candidates] of await findRegistryDuplicates(this.dataSource.manager, target, pendingSeam)) {
        registryMatches.set(row, candidates);
      }
      pendingSeam = [];
    };

    for await (const line of this.lines(file, target, facts, (match) => (header = match))) {
      totalRows++;
      if (line.problems.length > 0) {
        invalidRows++;
        if (reported.length < REPORTED_ROWS_LIMIT + 1) {
          reported.push({ row: line.number, problems: line.problems, sameAsRows: [], duplicates: [] });
        }
      }
      if (line.personKey !== null) {
        const rows = people.get(line.personKey);
        if (rows) rows.push(line.number);
        else people.set(line.personKey, [line.number]);
      }
      if (line.record) pendingSeam.push({ row: line.number, record: line.record });
      if (pendingSeam.length >= WRITE_BATCH_ROWS) await flushSeam();
      if (onProgress && totalRows % PROGRESS_EVERY === 0) await onProgress(totalRows);
    }
    await flushSeam();
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
      duplicateGroups++;
      for (const row of rows) entry(row).sameAsRows = rows.filter((other) => other !== row);
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
      rows: rows.slice(0, REPORTED_ROWS_LIMIT),
      truncated: rows.length > REPORTED_ROWS_LIMIT,
    };
  }

  /**
   * Writes a checked import in one transaction, or nothing: the import row is locked first and
   * marked committed in the same transaction, so a retry after a crash (or a second click) either
   * finds it committed and answers with the first result, or starts over from nothing.
   */
  async commit(importId: string, actorId: string, onProgress?: ProgressListener): Promise<RegistryImport> {
    return this.dataSource.transaction(async (manager) => {
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
      const result = await this.write(manager, file, target, actorId, onProgress);
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
  }

  /** Every row checked again (the registry may have changed since the dry run), written in batches. */
  private async write(
    manager: EntityManager,
    file: OpenedFile,
    target: ImportTarget,
    actorId: string,
    onProgress?: ProgressListener,
  ): Promise<ImportResult> {
    const facts = await this.facts(manager, target);
    const result: ImportResult = { trainees: 0, enrollments: 0, attendanceMarks: 0, assessments: 0 };
    let batch: TraineeRecord[] = [];
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await this.insertBatch(manager, target, facts, actorId, batch, result);
      done += batch.length;
      batch = [];
      if (onProgress) await onProgress(done);
    };
    for await (const line of this.lines(file, target, facts, undefined, false)) {
      if (!line.record) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
      batch.push(line.record);
      if (batch.length >= WRITE_BATCH_ROWS) await flush();
    }
    await flush();
    return result;
  }

  private async insertBatch(
    manager: EntityManager,
    target: ImportTarget,
    facts: TargetFacts,
    actorId: string,
    batch: TraineeRecord[],
    result: ImportResult,
  ): Promise<void> {
    const ids = batch.map(() => randomUUID());
    await manager.query(
      `INSERT INTO trainees (id, full_name, latin_name, sex, profession, country_code, region_code, birth_year,
                             phone, email, consent_given_at, consent_recorded_by_id)
       SELECT t.id, t.full_name, t.latin_name, t.sex::sex, t.profession::profession, $1, t.region_code, t.birth_year,
              t.phone, t.email, t.consent::timestamp AT TIME ZONE 'UTC', $2
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[],
                     $11::text[], $12::date[])
              AS t (id, full_name, latin_name, sex, profession, region_code, birth_year, phone, email, consent)`,
      [
        target.countryCode,
        actorId,
        ids,
        batch.map((r) => r.fullName),
        batch.map((r) => r.latinName ?? latinNameFor(r.fullName, target.countryCode)),
        batch.map((r) => r.sex),
        batch.map((r) => r.profession),
        batch.map((r) => r.regionCode),
        batch.map((r) => r.birthYear),
        batch.map((r) => r.phone),
        batch.map((r) => r.email),
        batch.map((r) => r.consentDate),
      ],
    );
    result.trainees += batch.length;
    if (target.kind !== ImportKind.EventRecords || target.eventId === null) return;

    await manager.query(`INSERT INTO enrollments (event_id, trainee_id) SELECT $1, unnest($2::uuid[])`, [
      target.eventId,
      ids,
    ]);
    result.enrollments += batch.length;

    const scored = batch.flatMap((r, i) => (r.preScore !== null || r.postScore !== null ? [i] : []));
    if (scored.length > 0) {
      await manager.query(
        `INSERT INTO assessments (event_id, trainee_id, pre_score, post_score)
         SELECT $1, a.trainee_id, a.pre_score, a.post_score
           FROM unnest($2::uuid[], $3::int[], $4::int[]) AS a (trainee_id, pre_score, post_score)`,
        [
          target.eventId,
          scored.map((i) => ids[i]),
          scored.map((i) => batch[i].preScore),
          scored.map((i) => batch[i].postScore),
        ],
      );
      result.assessments += scored.length;
    }

    const sessions: string[] = [];
    const trainees: string[] = [];
    const statuses: string[] = [];
    batch.forEach((record, i) =>
      record.attendance.forEach((status, session) => {
        if (status === null) return;
        sessions.push(facts.sessionIds[session]);
        trainees.push(ids[i]);
        statuses.push(status);
      }),
    );
    if (sessions.length > 0) {
      await manager.query(
        `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
         SELECT gen_random_uuid(), m.session_id, m.trainee_id, m.status::attendance_status, $1, now()
           FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS m (session_id, trainee_id, status)`,
        [actorId, sessions, trainees, statuses],
      );
      result.attendanceMarks += sessions.length;
    }
  }

  /** The file's data rows, checked, after its header is matched (file-level problems throw). */
  private async *lines(
    file: OpenedFile,
    target: ImportTarget,
    facts: TargetFacts,
    onHeader?: (header: HeaderMatch) => void,
    personKeys = true,
  ): AsyncGenerator<CheckedLine> {
    let header: HeaderMatch | null = null;
    for await (const row of file.rows()) {
      if (header === null) {
        if (isBlank(row.cells)) continue;
        header = matchHeader(row.cells, target.kind);
        assertHeaderUsable(header, facts.sessionIds.length);
        onHeader?.(header);
        continue;
      }
      if (isBlank(row.cells)) continue;
      const checked = checkRow(row.cells, {
        kind: target.kind,
        header,
        regions: facts.regions,
        sessions: facts.sessionIds.length,
        personKeys,
      });
      yield { number: row.number, ...checked };
    }
  }

  private async facts(manager: EntityManager, target: ImportTarget): Promise<TargetFacts> {
    const regions = new Map<string, string>();
    const rows = await manager.query<{ code: string; names: Record<string, string> }[]>(
      'SELECT code, names FROM regions WHERE country_code = $1',
      [target.countryCode],
    );
    for (const region of rows) {
      for (const name of Object.values(region.names ?? {})) regions.set(normalizeLabel(name), region.code);
    }
    // Codes last: a code always means its own region, whatever a name says.
    for (const region of rows) regions.set(region.code.toUpperCase(), region.code);
    const sessionIds =
      target.eventId === null
        ? []
        : (
            await manager.query<{ id: string }[]>(
              'SELECT id FROM training_sessions WHERE event_id = $1 ORDER BY date, start_time, id',
              [target.eventId],
            )
          ).map((session) => session.id);
    return { regions, sessionIds };
  }
}

/** A row with nothing in it (Excel keeps formatted empty rows): skipped, not reported. */
const isBlank = (cells: unknown[]) => cells.every((cell) => cellText(cell) === null);

function assertHeaderUsable(header: HeaderMatch, sessionCount: number): void {
  if (header.duplicated.length > 0) {
    throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.DuplicateColumn, { column: header.duplicated[0] });
  }
  if (header.missing.length > 0) {
    throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.MissingColumns, {
      columns: header.missing.join(', '),
      fields: header.missing.join(','),
    });
  }
  if (header.sessions > sessionCount) {
    throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.UnknownSession, {
      n: header.sessions,
      count: sessionCount,
    });
  }
}

/**
 * THE SEAM for duplicate detection against the registry (src/modules/duplicates, built separately):
 * given a batch of checked rows, the existing trainees each may be. Once that module is merged this
 * calls its batch `findCandidates` for the target's country; until then nothing is found, and every
 * reported row carries `duplicates: []`.
 */
export function findRegistryDuplicates(
  _manager: EntityManager,
  _target: ImportTarget,
  _rows: { row: number; record: TraineeRecord }[],
): Promise<Map<number, DuplicateCandidate[]>> {
  return Promise.resolve(new Map<number, DuplicateCandidate[]>());
}
