import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AppException } from '@cascade/common';

import { type DuplicateDetector, recordDistinctPairsInBulk } from '../trainees/index.js';
import type { CheckedRecord } from './import-checked-rows.js';
import type { TraineeRecord } from './import-columns.js';
import { findRegistryDuplicates, registryFingerprint, RowBits } from './import-duplicates.js';
import {
  type ImportReport,
  type ImportResult,
  REPORTED_ROWS_LIMIT,
  RowChoice,
  type RowResolution,
} from './import-report.js';
import type { ImportTarget, TargetFacts } from './import-rows.js';
import {
  fillLinkedTrainees,
  insertTrainees,
  traineeInsert,
  writeEventRecords,
  type WrittenRow,
} from './import-writer.js';
import { ImportsErrorCode } from './imports-error-code.js';

/** Rows written per statement: large enough to be fast, small enough to keep memory flat. */
export const WRITE_BATCH_ROWS = 5_000;

/** Told the rows done so far (every batch); a job reports it as progress. */
export type ProgressListener = (rowsDone: number) => void | Promise<void>;

/** A row whose candidates at commit are not those the officer answered for. */
export interface ChangedRow {
  row: number;
  /** Registered trainees the row may be now, which the dry run did not show. */
  traineeIds: string[];
}

/**
 * Commits of one country wait for each other (a lock held to the end of the transaction): the
 * second one's re-check sees the people the first registered. Commits of other countries, and dry
 * runs, go on in parallel.
 */
export async function lockCountryRegistry(manager: EntityManager, countryCode: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('trainee-registry'), hashtext($1))`, [countryCode]);
}

/**
 * Writes every row of a checked file as the officer resolved it, in batches: each batch is looked
 * up in the registry as it is now (one query), so people registered since the dry run — by
 * another import or by hand — are seen; when the country's registry is still the one the dry run
 * saw (its fingerprint unchanged), the dry run's candidates are the registry's now and no batch
 * is looked up again (unless the officer must answer for rows the report could not list). A row
 * is written only if what it may be is what the officer answered for: no candidates, or the same
 * candidates as the dry run showed (then: link to the chosen one, register a new person recorded
 * as different from them, or skip). Any other row is collected and the whole commit refused (409, the caller's transaction rolls back) —
 * unless the officer chose `unansweredAsNew`: rows with candidates and no answer are then new
 * people, recorded as different from no one, so the duplicate queue lists their pairs.
 */
export async function writeResolved(
  manager: EntityManager,
  detector: DuplicateDetector,
  lines: AsyncIterable<CheckedRecord>,
  target: ImportTarget,
  facts: TargetFacts,
  report: ImportReport,
  resolutions: readonly RowResolution[],
  actorId: string,
  onProgress?: ProgressListener,
  unansweredAsNew = false,
): Promise<ImportResult> {
  const result: ImportResult = {
    trainees: 0,
    enrollments: 0,
    attendanceMarks: 0,
    assessments: 0,
    distinctPairs: 0,
    linked: 0,
    skipped: 0,
    filledFields: 0,
    keptFields: 0,
    toReview: 0,
  };
  const chosen = new Map(resolutions.map((resolution) => [resolution.row, resolution]));
  const shown = new Map(report.rows.map((row) => [row.row, new Set(row.duplicates.map((c) => c.traineeId))]));
  // This commit's own new trainees: later batches find them, but they are the file's people.
  const written = new Set<string>();
  const changed: ChangedRow[] = [];
  // Some row may be a person the dry run did not show (else: rows the officer left unanswered).
  let stale = false;
  let batch: CheckedRecord[] = [];
  let done = 0;
  // Taken under the country's lock, before this commit writes anything.
  const asChecked =
    report.registry && (await registryFingerprint(manager, target.countryCode)) === report.registry.fingerprint
      ? RowBits.fromBase64(report.registry.rowsWithCandidates)
      : null;
  // A row the dry run found candidates for that the report does not list (past its first rows).
  const unlisted = (row: number) => asChecked !== null && asChecked.has(row) && !shown.get(row)?.size;

  // A batch's writes go on while the next batch is read (one connection: the statements in order).
  let writing: Promise<void> = Promise.resolve();

  const flush = async () => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    const reuse = asChecked !== null && (unansweredAsNew || !lines.some(({ row }) => unlisted(row)));
    // A lookup comes after the writes before it: it tells this commit's own trainees by their ids.
    if (!reuse) await writing;
    const found = reuse ? null : await findRegistryDuplicates(detector, manager, target, lines);
    const fresh: TraineeRecord[] = [];
    const freshCandidates: string[][] = [];
    const links: WrittenRow[] = [];
    for (const { row, record } of lines) {
      const seen = shown.get(row) ?? new Set<string>();
      const candidates = found
        ? (found.get(row) ?? []).map((c) => c.traineeId).filter((id) => !written.has(id))
        : [...seen];
      const resolution = chosen.get(row);
      const unseen = candidates.filter((id) => !seen.has(id));
      if (resolution?.choice === RowChoice.Skip) {
        result.skipped++;
      } else if (unansweredAsNew && !resolution && (candidates.length > 0 || (!found && unlisted(row)))) {
        // Left to the duplicate queue: a new person, different from no one yet.
        fresh.push(record);
        freshCandidates.push([]);
        result.toReview++;
      } else if (unseen.length > 0 || (candidates.length > 0 && !resolution)) {
        stale ||= unseen.length > 0;
        if (changed.length < REPORTED_ROWS_LIMIT)
          changed.push({ row, traineeIds: unseen.length ? unseen : candidates });
      } else if (resolution?.choice === RowChoice.Same && resolution.traineeId) {
        links.push({ traineeId: resolution.traineeId, record });
      } else {
        fresh.push(record);
        freshCandidates.push(candidates);
      }
    }
    // Made ready while the batch before is written.
    const insert = traineeInsert(target, actorId, fresh);
    await writing;
    writing = (async () => {
      // A commit with a changed row is refused whole: nothing more is written.
      if (changed.length === 0) {
        const ids = await insertTrainees(manager, insert, result);
        for (const id of ids) written.add(id);
        const pairs = ids.flatMap((id, i) => freshCandidates[i].map((other) => [id, other] as const));
        result.distinctPairs += await recordDistinctPairsInBulk(manager, actorId, pairs);
        await assertLinkable(manager, target, links);
        await fillLinkedTrainees(manager, links, result);
        const rows = [...ids.map((traineeId, i) => ({ traineeId, record: fresh[i] })), ...links];
        await writeEventRecords(manager, target, facts, actorId, rows, result);
      }
      done += lines.length;
      if (onProgress) await onProgress(done);
    })();
    writing.catch(() => undefined); // awaited (and thrown) by the next batch or at the end
  };

  try {
    for await (const line of lines) {
      batch.push(line);
      if (batch.length >= WRITE_BATCH_ROWS) await flush();
    }
    await flush();
  } finally {
    // Whatever went wrong, the writes under way end before the transaction is rolled back.
    await writing.catch(() => undefined);
  }
  await writing;
  if (changed.length > 0) {
    throw new AppException(
      HttpStatus.CONFLICT,
      stale ? ImportsErrorCode.RegistryChanged : ImportsErrorCode.RegistryDuplicatesUnconfirmed,
      { rows: changed.length, count: changed.length },
      [],
      {},
      { changedRows: changed },
    );
  }
  return result;
}

/**
 * A linked trainee must still be in the registry, in the import's country, and a person one may
 * link to (not merged into another, consent not withdrawn): otherwise the row is refused.
 */
async function assertLinkable(manager: EntityManager, target: ImportTarget, links: readonly WrittenRow[]) {
  const ids = [...new Set(links.map((link) => link.traineeId))];
  if (ids.length === 0) return;
  const [{ count }] = await manager.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM trainees
      WHERE id = ANY($1::uuid[]) AND country_code = $2 AND merged_into_id IS NULL AND consent_withdrawn_at IS NULL`,
    [ids, target.countryCode],
  );
  if (count !== ids.length) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.LinkedTraineeGone);
}

/**
 * The officer's answers, checked against the dry run's report: each names a row that has
 * candidates, at most once, and "same person" one of that row's candidates (400 otherwise).
 */
export function checkedResolutions(
  report: ImportReport | null,
  resolutions: readonly RowResolution[],
): RowResolution[] {
  const rows = new Map((report?.rows ?? []).map((row) => [row.row, row]));
  const seen = new Set<number>();
  for (const resolution of resolutions) {
    const candidates = rows.get(resolution.row)?.duplicates ?? [];
    const fits =
      candidates.length > 0 &&
      !seen.has(resolution.row) &&
      (resolution.choice !== RowChoice.Same || candidates.some((c) => c.traineeId === resolution.traineeId));
    if (!fits) {
      throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.ResolutionInvalid, { row: resolution.row });
    }
    seen.add(resolution.row);
  }
  return resolutions.map(({ row, choice, traineeId }) =>
    choice === RowChoice.Same ? { row, choice, traineeId } : { row, choice },
  );
}
