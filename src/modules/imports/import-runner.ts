import { randomUUID } from 'node:crypto';

import { HttpStatus } from '@nestjs/common';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

import { AppException } from '@cascade/common';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import { DuplicateDetector, latinNameFor, type NameKey, recordDistinctPairsInBulk } from '../trainees/index.js';
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
  SAME_AS_ROWS_LIMIT,
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
  nameKey: NameKey | null;
  birthYear: number | null;
}

/** A row of the file, for the rows naming one person: a name key and birth year shared, a patronymic maybe. */
interface PersonRow {
  row: number;
  patronymic: string | null;
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
    const facts = await this.facts(manager, target);
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

    for await (const line of this.lines(file, target, facts, (match) => (header = match))) {
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
    const facts = await this.facts(manager, target);
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
      const ids = await this.insertBatch(manager, target, facts, actorId, batch, result);
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
    for await (const line of this.lines(file, target, facts)) {
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
  ): Promise<string[]> {
    const ids = batch.map(() => randomUUID());
    // name_key and patronymic_key as the trainees service keeps them: imported people are found
    // by duplicate detection like any other.
    await manager.query(
      `INSERT INTO trainees (id, full_name, latin_name, sex, profession, country_code, region_code, birth_year,
                             phone, email, consent_given_at, consent_recorded_by_id, name_key, patronymic_key)
       SELECT t.id, t.full_name, t.latin_name, t.sex::sex, t.profession::profession, $1, t.region_code, t.birth_year,
              t.phone, t.email, t.consent::timestamp AT TIME ZONE 'UTC', $2, t.name_key, t.patronymic_key
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[],
                     $11::text[], $12::date[], $13::text[], $14::text[])
              AS t (id, full_name, latin_name, sex, profession, region_code, birth_year, phone, email, consent,
                    name_key, patronymic_key)`,
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
        batch.map((r) => r.nameKey),
        batch.map((r) => r.patronymicKey),
      ],
    );
    result.trainees += batch.length;
    if (target.kind !== ImportKind.EventRecords || target.eventId === null) return ids;

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
    return ids;
  }

  /** The file's data rows, checked, after its header is matched (file-level problems throw). */
  private async *lines(
    file: OpenedFile,
    target: ImportTarget,
    facts: TargetFacts,
    onHeader?: (header: HeaderMatch) => void,
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
 * Which rows of a group (one name key, one birth year) may be one person: all but those whose
 * patronymics are both given and differ (brothers, or namesakes). Each row's others, the first
 * SAME_AS_ROWS_LIMIT of them; rows with none are left out.
 */
function sameAsRowsOf(group: PersonRow[]): Map<number, number[]> {
  const byPatronymic = new Map<string | null, number[]>();
  for (const person of group) {
    const rows = byPatronymic.get(person.patronymic);
    if (rows) rows.push(person.row);
    else byPatronymic.set(person.patronymic, [person.row]);
  }
  const all = group.map((person) => person.row);
  const unnamed = byPatronymic.get(null) ?? [];
  const result = new Map<number, number[]>();
  for (const person of group) {
    const pools = person.patronymic === null ? [all] : [byPatronymic.get(person.patronymic) ?? [], unnamed];
    const others: number[] = [];
    for (const pool of pools) {
      for (const row of pool) {
        if (others.length >= SAME_AS_ROWS_LIMIT) break;
        if (row !== person.row) others.push(row);
      }
    }
    if (others.length > 0)
      result.set(
        person.row,
        others.sort((a, b) => a - b),
      );
  }
  return result;
}

const personToMatch = (record: TraineeRecord, target: ImportTarget) => ({
  fullName: record.fullName,
  countryCode: target.countryCode,
  birthYear: record.birthYear,
  phone: record.phone,
  nameKey: { key: record.nameKey, patronymic: record.patronymicKey },
});

/**
 * Duplicate detection against the registry for a batch of checked rows, in one query
 * (DuplicateDetector.findCandidates, in the target's country): each row with candidates, and
 * them, likeliest first.
 */
export async function findRegistryDuplicates(
  detector: DuplicateDetector,
  manager: EntityManager,
  target: ImportTarget,
  rows: readonly { row: number; record: TraineeRecord }[],
): Promise<Map<number, DuplicateCandidate[]>> {
  const found = await detector.findCandidates(
    manager,
    rows.map(({ record }) => personToMatch(record, target)),
  );
  const result = new Map<number, DuplicateCandidate[]>();
  found.forEach((candidates, i) => {
    if (candidates.length === 0) return;
    result.set(
      rows[i].row,
      candidates.map((candidate) => ({
        traineeId: candidate.traineeId,
        score: candidate.score,
        matchingFields: candidate.matchingFields,
        conflictingFields: candidate.conflictingFields,
      })),
    );
  });
  return result;
}
