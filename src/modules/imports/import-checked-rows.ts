import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AppException } from '@cascade/common';

import type { TraineeRecord } from './import-columns.js';
import type { OpenedFile } from './import-file.js';
import { checkedLines, type ImportTarget, type TargetFacts } from './import-rows.js';
import { ImportsErrorCode } from './imports-error-code.js';

/** A valid row of the file, as the dry run checked it. */
export interface CheckedRecord {
  row: number;
  record: TraineeRecord;
}

/**
 * The dry run's valid rows, batch by batch, kept for the commit: reading and checking 100,000 rows
 * again (the workbook unpacked, names keyed and transliterated, phones parsed) cost the commit as
 * much time as its writes. Held as JSON while the check runs (a few tens of MB for 100,000 rows,
 * outside the JavaScript heap), then written with the import.
 */
export class CheckedRowBatches {
  readonly batches: Buffer[] = [];

  add(rows: readonly CheckedRecord[]): void {
    if (rows.length > 0) this.batches.push(Buffer.from(JSON.stringify(rows.map(({ row, record }) => [row, record]))));
  }
}

/** Replaces an import's kept rows with these (a check again keeps only its own). */
export async function saveCheckedRows(
  manager: EntityManager,
  importId: string,
  kept: CheckedRowBatches,
): Promise<void> {
  await manager.query(`DELETE FROM import_checked_rows WHERE import_id = $1`, [importId]);
  for (const [batch, rows] of kept.batches.entries()) {
    await manager.query(`INSERT INTO import_checked_rows (import_id, batch, rows) VALUES ($1, $2, $3)`, [
      importId,
      batch,
      rows,
    ]);
  }
}

/** The kept rows, a batch read at a time; a batch gone means the import must be checked again. */
export async function* keptRows(
  manager: EntityManager,
  importId: string,
  batches: number,
): AsyncGenerator<CheckedRecord> {
  for (let batch = 0; batch < batches; batch++) {
    const [found] = await manager.query<{ rows: Buffer }[]>(
      `SELECT rows FROM import_checked_rows WHERE import_id = $1 AND batch = $2`,
      [importId, batch],
    );
    if (!found) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
    const rows = JSON.parse(found.rows.toString('utf8')) as [number, TraineeRecord][];
    for (const [row, record] of rows) yield { row, record };
  }
}

/** The file's rows checked again; a row now in error (a place removed since) refuses the commit. */
export async function* fileRows(
  file: OpenedFile,
  target: ImportTarget,
  facts: TargetFacts,
): AsyncGenerator<CheckedRecord> {
  for await (const line of checkedLines(file, target, facts)) {
    if (!line.record) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
    yield { row: line.number, record: line.record };
  }
}

/** The import's rows are written and its file dropped: its kept rows go with it. */
export async function dropCheckedRows(manager: EntityManager, importId: string): Promise<void> {
  await manager.query(`DELETE FROM import_checked_rows WHERE import_id = $1`, [importId]);
}
